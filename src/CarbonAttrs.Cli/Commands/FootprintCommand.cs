using System.CommandLine;
using System.Globalization;
using System.Text;
using CarbonAttrs.Cli.Footprint;
using CarbonAttrs.Cli.Reporting;

namespace CarbonAttrs.Cli.Commands;

/// <summary>
/// <c>carbonattrs footprint</c>: the build-time report. Reads the inventory stored in a built assembly and the
/// ledger history, writes carbon-footprint.json/.md, prints one summary line, and fails with CARB110 when a
/// sweep's projection exceeds the budget. Made for an MSBuild target (canonical error format), usable by hand.
/// </summary>
internal static class FootprintCommand
{
    public static Command Create(CliContext context)
    {
        var assembly = new Option<FileInfo>("--assembly") { Description = "The built assembly (.dll) whose tracked methods and sweeps are reported.", Required = true, HelpName = "DLL" };
        var ledger = new Option<string[]>("--ledger")
        {
            Description = "Ledger files (emissions.csv) with past runs; several with repeated options or separated by ';'. Missing files mean \"not yet measured\".",
            HelpName = "CSV;...",
            AllowMultipleArgumentsPerToken = true,
        };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for carbon-footprint.json and carbon-footprint.md.", Required = true, HelpName = "DIR" };
        var budget = new Option<double?>("--budget-kg") { Description = "Fail (exit 1, error CARB110) when a sweep's projected CO2eq exceeds this many kg.", HelpName = "X" };
        var command = new Command("footprint", "Build-time footprint: project each sweep's energy and CO2eq from the assembly's inventory and measured runs; fail with CARB110 over budget.")
        {
            assembly, ledger, outDir, budget,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(assembly)!.FullName,
            (parse.GetValue(ledger) ?? Array.Empty<string>()).SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            parse.GetValue(outDir)!.FullName, parse.GetValue(budget)));
        return command;
    }

    public static int Execute(CliContext context, string assemblyPath, IReadOnlyList<string> ledgers, string outDir, double? budgetKg)
    {
        AssemblyInventory inventory;
        try
        {
            inventory = AssemblyInventory.Read(assemblyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidDataException)
        {
            context.Error.WriteLine($"error: cannot read the inventory of {assemblyPath}: {ex.Message}");
            return CliApplication.Failure;
        }

        var report = FootprintReport.Build(inventory, assemblyPath, ledgers, budgetKg);
        var mdPath = Path.Combine(outDir, "carbon-footprint.md");
        try
        {
            Directory.CreateDirectory(outDir);
            WriteIfChanged(Path.Combine(outDir, "carbon-footprint.json"), FootprintWriter.Json(report));
            WriteIfChanged(mdPath, FootprintWriter.Markdown(report));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: the footprint report could not be written to {outDir}: {ex.Message}");
            return CliApplication.Failure;
        }

        context.Output.WriteLine(FootprintWriter.Summary(report, mdPath));
        foreach (var sweep in report.Sweeps.Where(s => s.OverBudget))
            context.Error.WriteLine(OverBudgetError(sweep, budgetKg!.Value));
        return report.OverBudget ? CliApplication.OverBudget : CliApplication.Success;
    }

    /// <summary>MSBuild canonical error format (<c>origin: error CODE: text</c>), so a target surfaces it as a build error at the sweep's line.</summary>
    internal static string OverBudgetError(SweepFootprint s, double budgetKg)
    {
        var origin = s.Sweep.File.Length > 0 ? s.Sweep.Location + ": " : "";
        return $"{origin}error CARB110: sweep at {s.Sweep.Location} runs {s.Sweep.Method} {s.Sweep.Size.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)} times: "
               + $"projected {Units.Co2(s.EmissionsKg!.Value)} (range {Units.Co2(s.EmissionsKgLow!.Value)}–{Units.Co2(s.EmissionsKgHigh!.Value)}, {Units.Energy(s.EnergyKwh!.Value)}) "
               + $"exceeds the carbon budget of {Units.Co2(budgetKg)} (CarbonBudgetKgCO2e)";
    }

    // Unchanged content keeps the file's timestamp, so incremental builds see no new output.
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
