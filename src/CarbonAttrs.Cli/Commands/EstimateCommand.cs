using System.CommandLine;
using System.Globalization;
using CarbonAttrs.Cli.Reference;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Terminal;
using CarbonAttrs.Footprint.Reporting;
using Spectre.Console;

namespace CarbonAttrs.Cli.Commands;

/// <summary><c>carbonattrs estimate</c>: energy and emissions of a GPU job before running it.</summary>
internal static class EstimateCommand
{
    public static Command Create(CliContext context)
    {
        var gpu = new Option<string>("--gpu") { Description = "GPU model, as in the shipped table (e.g. \"A100 SXM4 80 GB\", T4, \"RTX 4090\"); case and punctuation are ignored.", Required = true, HelpName = "MODEL" };
        var count = new Option<int>("--count", "-n") { Description = "Number of GPUs.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var hours = new Option<double>("--hours") { Description = "Hours the job runs.", Required = true, HelpName = "H" };
        var country = new Option<string?>("--country") { Description = "Grid of this country: ISO 3166-1 alpha-3 code (FRA, USA, IND, ...).", HelpName = "ISO3" };
        var cloud = new Option<string?>("--cloud") { Description = "Grid of this cloud region, e.g. gcp:europe-west1, aws:us-east-1, azure:westeurope.", HelpName = "PROVIDER:REGION" };
        var live = new Option<bool>("--live") { Description = "Use the live grid intensity of the configured provider (CARBONATTRS_INTENSITY_PROVIDER=electricitymaps or carbon-aware-sdk, see docs/intensity.md): Electricity Maps' latest value, or the Carbon Aware SDK's average over the last hour. Falls back to the table and says why." };
        var pue = new Option<double>("--pue") { Description = "Data-centre power usage effectiveness (1.0 = no overhead; 1.58 is the Uptime Institute 2023 average).", DefaultValueFactory = _ => 1.0, HelpName = "P" };

        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--count must be at least 1."); });
        hours.Validators.Add(r => { if (r.GetValueOrDefault<double>() is var h && (h <= 0 || double.IsNaN(h) || double.IsInfinity(h))) r.AddError("--hours must be a positive number."); });
        pue.Validators.Add(r => { if (r.GetValueOrDefault<double>() is var p && (p < 1 || double.IsNaN(p) || p > 10)) r.AddError("--pue must be between 1 and 10."); });

        var command = new Command("estimate", "Estimate the energy and CO2eq of a GPU job before running it, from the GPUs' rated power (TDP) and the grid's carbon intensity (world average unless --country or --cloud is given).")
        {
            gpu, count, hours, country, cloud, pue, live,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(country) is not null && r.GetResult(cloud) is not null)
                r.AddError("Give --country or --cloud, not both.");
        });
        command.SetAction(parse => Execute(context, parse.GetValue(gpu)!, parse.GetValue(count), parse.GetValue(hours), parse.GetValue(country), parse.GetValue(cloud), parse.GetValue(pue), parse.GetValue(live)));
        return command;
    }

    public static int Execute(CliContext context, string gpuModel, int count, double hours, string? country, string? cloud, double pue, bool live = false)
    {
        var lookup = GpuPowerTable.Default.Find(gpuModel);
        if (lookup.Entry is null)
        {
            var hint = lookup.Suggestions.Count > 0
                ? "Did you mean: " + string.Join(", ", lookup.Suggestions.Select(s => $"\"{s}\"")) + "?"
                : "Known models: " + string.Join(", ", GpuPowerTable.Default.Entries.Select(e => e.Name)) + ".";
            context.Error.WriteLine($"error: unknown GPU model \"{gpuModel}\". {hint}");
            return CliApplication.Failure;
        }

        GridIntensity intensity;
        if (country is not null)
        {
            if (GridPlaces.Country(country) is not { } c)
            {
                var close = NameMatcher.Closest(country, GridPlaces.CountryCodes, 5);
                context.Error.WriteLine($"error: no grid intensity for country \"{country}\" (use an ISO 3166-1 alpha-3 code).{(close.Count > 0 ? " Close codes: " + string.Join(", ", close) + "." : "")}");
                return CliApplication.Failure;
            }
            intensity = c;
        }
        else if (cloud is not null)
        {
            if (GridPlaces.Cloud(cloud) is not { } c)
            {
                var close = NameMatcher.Closest(cloud, GridPlaces.CloudRegions, 6);
                context.Error.WriteLine($"error: unknown cloud region \"{cloud}\" (PROVIDER:REGION, provider gcp, aws or azure).{(close.Count > 0 ? " Close matches: " + string.Join(", ", close) + "." : "")}");
                return CliApplication.Failure;
            }
            intensity = c;
        }
        else
        {
            intensity = GridIntensity.WorldAverage("world average");
        }

        if (live)
        {
            if (LiveIntensity.Fetch(context, country, cloud) is not { } served)
                return CliApplication.Failure;
            intensity = served;
        }

        var estimate = new JobEstimate(lookup.Entry, count, hours, pue, intensity);
        Write(context, estimate);
        return CliApplication.Success;
    }

    /// <summary>A heading, then one labelled line per figure: a two-column grid, so values line up whatever the labels.</summary>
    private static void Write(CliContext context, JobEstimate e)
    {
        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        context.Output.WriteLine($"Estimate: {e.Count} × {e.Gpu.Name} for {N(e.Hours)} h");
        var elsewhere = GridPlaces.WhatIf(e.EnergyKwh);
        var grid = new Grid()
            .AddColumn(new GridColumn().NoWrap().Padding(2, 0, 3, 0))
            .AddColumn(new GridColumn().Padding(0, 0));
        foreach (var (label, value) in new[]
        {
            ("GPU power", $"{N(e.Gpu.TdpWatts)} W each (rated TDP; {GpuPowerTable.Attribution}: {e.Gpu.Source})"),
            ("Energy", $"{Units.Energy(e.EnergyKwh)}  = {e.Count} × {N(e.Gpu.TdpWatts)} W × {N(e.Hours)} h × PUE {N(e.Pue)}"),
            ("Intensity", $"{Units.Intensity(e.Intensity.GramsPerKwh)}  {e.Intensity.Name} ({e.Intensity.Source})"),
            ("Emissions", Units.Co2(e.EmissionsKg)),
            ("Elsewhere", $"{Units.Co2(elsewhere.LowestEmissionsKg)} in {elsewhere.Lowest.Name}, {Units.Co2(elsewhere.HighestEmissionsKg)} in {elsewhere.Highest.Name}"),
        })
        {
            grid.AddRow(new Text(label), new Text(value));
        }
        TerminalConsole.Write(context.Output, context.InteractiveOutput, grid);
        context.Output.WriteLine("  GPUs only at full rated power: an upper bound for the GPUs; CPU, RAM and cooling beyond the PUE are not included.");
    }
}
