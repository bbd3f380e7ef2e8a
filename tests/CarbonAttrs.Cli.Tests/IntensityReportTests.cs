using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;

namespace CarbonAttrs.Cli.Tests;

/// <summary><c>report</c>: each intensity provider's share of the rows, and the social cost of carbon (report only, never the ledger).</summary>
public class IntensityReportTests
{
    private static readonly TestRow[] Rows =
    {
        new() { IntensitySource = "electricitymaps: FR at 2026-11-20T09:00:00Z (lifecycle)", Intensity = 40 },
        new() { IntensitySource = "electricitymaps: FR at 2026-11-20T10:00:00Z (lifecycle)", Intensity = 44, End = new DateTime(2026, 11, 20, 10, 5, 0, DateTimeKind.Utc) },
        new() { IntensitySource = "table: country:FRA: Our World in Data via CodeCarbon global_energy_mix.json, 2023 (electricitymaps unavailable: 429 Too Many Requests)", Intensity = 56, End = new DateTime(2026, 11, 20, 10, 10, 0, DateTimeKind.Utc) },
        new() { IntensitySource = "country:FRA: Our World in Data via CodeCarbon global_energy_mix.json, 2023", Intensity = 56, End = new DateTime(2026, 11, 20, 10, 15, 0, DateTimeKind.Utc) },
    };

    [Fact]
    public void The_report_shows_each_providers_share_of_the_rows()
    {
        using var dir = new TempFolder();
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), Rows);
        var result = CliRunner.Run("report", ledger);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| Intensity providers | electricitymaps 50 % of rows (2), table 25 % (1), table (live provider unavailable) 25 % (1) |", result.Output);
    }

    [Fact]
    public void The_social_cost_defaults_to_the_EPA_2023_central_value_with_its_range_and_source()
    {
        using var dir = new TempFolder();
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), Rows);
        var result = CliRunner.Run("report", ledger);
        var tonnes = Rows.Sum(r => r.EmissionsKg) / 1000;

        Assert.Equal(0, result.ExitCode);
        var expected = $"{SocialCostOfCarbon.Usd(tonnes * 190)} ({SocialCostOfCarbon.Usd(tonnes * 120)}–{SocialCostOfCarbon.Usd(tonnes * 340)})";
        Assert.Contains($"| Social cost of carbon | {expected} | $190.00 per tonne CO2eq (US EPA 2023, Report on the Social Cost of Greenhouse Gases", result.Output);
        // The paper-ready statement says it too, with the source.
        Assert.Contains($"these emissions carry a social cost of {expected}", result.Output);
        Assert.Contains("2 % near-term discount rate", result.Output);
        // A valuation, not a measurement: the ledger is left as it was.
        Assert.DoesNotContain("social", File.ReadAllText(ledger), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_given_price_replaces_the_default()
    {
        using var dir = new TempFolder();
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), Rows);
        var result = CliRunner.Run("report", ledger, "--scc-usd-per-tonne", "1000000");
        var cost = Rows.Sum(r => r.EmissionsKg) / 1000 * 1_000_000;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"| Social cost of carbon | {SocialCostOfCarbon.Usd(cost)} | $1,000,000 per tonne CO2eq (price per tonne given with --scc-usd-per-tonne) |", result.Output);
    }

    [Fact]
    public void A_negative_price_is_a_usage_error()
    {
        using var dir = new TempFolder();
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), Rows);
        var result = CliRunner.Run("report", ledger, "--scc-usd-per-tonne", "-5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--scc-usd-per-tonne must be a number of US dollars", result.Error);
    }

    [Theory]
    [InlineData(0.0023456, "$0.0023")]
    [InlineData(0.5, "$0.50")]
    [InlineData(12.345, "$12.35")]
    [InlineData(190, "$190.00")]
    [InlineData(1234567, "$1,234,567")]
    public void Dollars_are_written_for_reading(double usd, string text) => Assert.Equal(text, SocialCostOfCarbon.Usd(usd));
}
