using System.Globalization;
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

    /// <summary>
    /// A row of the runtime's shipped intensity table (the tool has no copy of its own), read with a plain CSV
    /// reader rather than the library's loader. Key: ISO code, or <c>provider/region</c>.
    /// </summary>
    private static string[] IntensityRow(string key)
    {
        using var reader = new StreamReader(Path.Combine(RepoRoot.Path, "src", "CarbonAttrs", "Carbon", "Data", "grid_intensity.csv"));
        return CarbonAttrs.Ledger.CsvFormat.ReadRecords(reader).Skip(1).Select(r => r.Fields)
            .Single(f => (f[0] == "cloud" ? f[1] + "/" + f[2] : f[2]) == key);
    }

    private static double Grams(string[] row) => double.Parse(row[5], CultureInfo.InvariantCulture);

    /// <summary>Countries of the shipped table generating at least 1 TWh a year, lowest intensity first.</summary>
    private static string[][] ComparableCountries()
    {
        using var reader = new StreamReader(Path.Combine(RepoRoot.Path, "src", "CarbonAttrs", "Carbon", "Data", "grid_intensity.csv"));
        return CarbonAttrs.Ledger.CsvFormat.ReadRecords(reader).Skip(1).Select(r => r.Fields)
            .Where(f => f[0] == "country" && double.Parse(f[8], CultureInfo.InvariantCulture) >= 1)
            .OrderBy(Grams).ThenBy(f => f[2], StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void Figures_follow_the_table_arithmetic_for_a_country()
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "a100 sxm4 80gb", "--count", "8", "--hours", "24", "--country", "fra", "--pue", "1.1");

        var tdp = TdpFromTable("A100 SXM4 80 GB");
        var kwh = 8 * tdp * 24 * 1.1 / 1000;
        var france = IntensityRow("FRA");
        var kg = kwh * Grams(france) / 1000;
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(400, tdp);
        Assert.Contains($"Energy      {Units.Energy(kwh)}  = 8 × 400 W × 24 h × PUE 1.1", outcome.Output);
        Assert.Contains($"Emissions   {Units.Co2(kg)}", outcome.Output);
        Assert.Contains("84.5 kWh", outcome.Output);
        Assert.Contains("4.73 kg CO2eq", outcome.Output);
        Assert.Contains($"France (Our World in Data via CodeCarbon global_energy_mix.json, {france[6]})", outcome.Output);
        Assert.Equal("2023", france[6]);
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
        var (gcpRow, awsRow) = (IntensityRow("gcp/europe-west1"), IntensityRow("aws/us-east-1"));
        Assert.Equal((122.0, 367.8), (Grams(gcpRow), Grams(awsRow)));  // Google's figure via CodeCarbon; eGRID via mlco2/impact
        Assert.Contains($"Emissions   {Units.Co2(kwh * Grams(gcpRow) / 1000)}", gcp.Output);
        Assert.Contains($"Emissions   {Units.Co2(kwh * Grams(awsRow) / 1000)}", aws.Output);
        Assert.Contains("gcp:europe-west1 (St. Ghislain, Belgium)", gcp.Output);
        Assert.Contains(", not stated)", gcp.Output);   // the cloud figure's year, as the table gives it
        Assert.Contains($"Emissions   {Units.Co2(kwh * 475 / 1000)}", world.Output);
        Assert.Contains("world average (world-average (IEA 2019, via CodeCarbon))", world.Output);
    }

    [Fact]
    public void Azure_and_provider_aliases_resolve_through_the_runtime_table()
    {
        var azure = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--cloud", "azure:westeurope");
        var google = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--cloud", "Google:EUROPE-WEST1");

        var kwh = TdpFromTable("T4") * 10 / 1000;
        Assert.Equal((0, 0), (azure.ExitCode, google.ExitCode));
        Assert.Contains($"Emissions   {Units.Co2(kwh * Grams(IntensityRow("azure/westeurope")) / 1000)}", azure.Output);
        Assert.Contains("azure:westeurope (", azure.Output);
        Assert.Contains($"Emissions   {Units.Co2(kwh * Grams(IntensityRow("gcp/europe-west1")) / 1000)}", google.Output);
    }

    [Fact]
    public void Elsewhere_line_names_the_extremes_among_countries_of_at_least_one_TWh()
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10");

        var kwh = TdpFromTable("T4") * 10 / 1000;
        var ranked = ComparableCountries();
        var (lowest, highest) = (ranked[0], ranked[^1]);
        // Lesotho (20 g/kWh) generates 0.5 TWh a year: left out, so the lowest is a real grid.
        Assert.Equal(("BTN", "TKM"), (lowest[2], highest[2]));
        Assert.Contains($"Elsewhere   {Units.Co2(kwh * Grams(lowest) / 1000)} in {lowest[3]}, {Units.Co2(kwh * Grams(highest) / 1000)} in {highest[3]}", outcome.Output);
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
    [InlineData("--cloud", "gcp:europe-west99", "unknown cloud region \"gcp:europe-west99\" (PROVIDER:REGION, provider gcp, aws or azure). Close matches: ")]
    [InlineData("--cloud", "europe-west1", "unknown cloud region \"europe-west1\"")]
    [InlineData("--country", "FRX", "Close codes: FRA")]
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
