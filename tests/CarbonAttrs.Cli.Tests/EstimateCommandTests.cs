using System.Globalization;
using System.Text.Json;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Tests;

public class EstimateCommandTests
{
    private static string DataFile(string name) => Path.Combine(RepoRoot.Path, "src", "CarbonAttrs.Cli", "Data", name);

    /// <summary>The table's own figures, read independently of the tool's parser.</summary>
    private static double TdpFromTable(string name)
    {
        var line = File.ReadLines(DataFile("gpus.csv")).Single(l => l.StartsWith(name + ",", StringComparison.Ordinal));
        return double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture);
    }

    private static double CountryIntensity(string iso)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DataFile("global_energy_mix.json")));
        return json.RootElement.GetProperty(iso).GetProperty("carbon_intensity").GetDouble();
    }

    [Fact]
    public void Figures_follow_the_table_arithmetic_for_a_country()
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "a100 sxm4 80gb", "--count", "8", "--hours", "24", "--country", "fra", "--pue", "1.1");

        var tdp = TdpFromTable("A100 SXM4 80 GB");
        var kwh = 8 * tdp * 24 * 1.1 / 1000;
        var kg = kwh * CountryIntensity("FRA") / 1000;
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(400, tdp);
        Assert.Contains($"Energy      {Units.Energy(kwh)}  = 8 × 400 W × 24 h × PUE 1.1", outcome.Output);
        Assert.Contains($"Emissions   {Units.Co2(kg)}", outcome.Output);
        Assert.Contains("84.5 kWh", outcome.Output);
        Assert.Contains("4.73 kg CO2eq", outcome.Output);
        Assert.Contains("France (Our World in Data 2023", outcome.Output);
        Assert.Contains("nvidia-a100-datasheet", outcome.Output); // the datasheet source travels with the figure
    }

    [Fact]
    public void Cloud_regions_and_the_world_average_are_used()
    {
        var gcp = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--cloud", "gcp:europe-west1");
        var aws = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--cloud", "aws:us-east-1");
        var world = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10");

        var kwh = TdpFromTable("T4") * 10 / 1000;
        Assert.Equal((0, 0, 0), (gcp.ExitCode, aws.ExitCode, world.ExitCode));
        Assert.Contains($"Emissions   {Units.Co2(kwh * 122 / 1000)}", gcp.Output);    // 122 g/kWh in cloud_impact.csv
        Assert.Contains($"Emissions   {Units.Co2(kwh * 367.8 / 1000)}", aws.Output);  // 367.8 g/kWh in mlco2 impact.csv
        Assert.Contains($"Emissions   {Units.Co2(kwh * 475 / 1000)}", world.Output);
        Assert.Contains("world average, IEA 2019", world.Output);
    }

    [Fact]
    public void Unknown_gpu_is_a_clear_error_listing_close_matches()
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "H100", "--hours", "1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Output);
        Assert.Contains("error: unknown GPU model \"H100\". Did you mean: \"H100 NVL\", \"H100 SXM\"?", outcome.Error);
    }

    [Theory]
    [InlineData("--country", "XYZ", "no grid intensity for country \"XYZ\"")]
    [InlineData("--cloud", "gcp:europe-west99", "unknown cloud region \"gcp:europe-west99\"")]
    public void Unknown_places_are_clear_errors(string option, string value, string message)
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "1", option, value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
    }

    [Theory]
    [InlineData("--hours", "0", "--hours must be a positive number.")]
    [InlineData("--count", "0", "--count must be at least 1.")]
    [InlineData("--pue", "0.5", "--pue must be between 1 and 10.")]
    public void Invalid_numbers_are_usage_errors(string option, string value, string message)
    {
        var args = new List<string> { "estimate", "--gpu", "T4" };
        if (option != "--hours") args.AddRange(new[] { "--hours", "1" });
        args.AddRange(new[] { option, value });

        var outcome = CliRunner.Run(args.ToArray());

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
    }
}
