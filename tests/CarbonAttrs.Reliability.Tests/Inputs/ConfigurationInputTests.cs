using System.Globalization;
using CarbonAttrs.Carbon;
using CarbonAttrs.Configuration;
using CarbonAttrs.Reliability.Tests.Support;

namespace CarbonAttrs.Reliability.Tests.Inputs;

/// <summary>Malformed carbonattrs.json, unknown countries, impossible PUE: warned about, defaults kept, rows written.</summary>
[Collection(ReliabilityCollection.Name)]
public class ConfigurationInputTests
{
    public static TheoryData<string, string> MalformedConfigFiles => new()
    {
        { "truncated", "{\"pue\": 1.2," },
        { "binary", "\u0000\u0001\u0002\u00ff garbage \u0007" },
        { "array root", "[1, 2, 3]" },
        { "null root", "null" },
        { "empty", "" },
        { "nested 5000 deep", new string('[', 5000) + new string(']', 5000) },
        { "wrong types", "{\"pue\": \"abc\", \"country\": 42, \"sampleIntervalMs\": -5, \"outputDir\": null, \"disabled\": \"perhaps\"}" },
        { "objects as values", "{\"pue\": {}, \"intensityGPerKwh\": [1, 2], \"trackingMode\": {\"a\": 1}}" },
        { "unknown keys", "{\"pue_typo\": 1.5, \"\": 3, \"=cmd|' /C calc'!A0\": 1}" },
        { "huge number", "{\"pue\": 1e400, \"intensityGPerKwh\": -1e400}" },
    };

    [Theory]
    [MemberData(nameof(MalformedConfigFiles))]
    public void A_malformed_config_file_is_reported_and_defaults_are_used(string kind, string content)
    {
        using var scope = new TrackerScope();
        var path = Path.Combine(scope.Root, "carbonattrs.json");
        File.WriteAllText(path, content);

        var options = OptionsLoader.Load(_ => null, path);

        Assert.NotEmpty(scope.Warnings);
        Assert.All(scope.Warnings, w => Assert.Contains(path, w));
        Assert.Equal(1.0, options.Pue);
        Assert.False(options.Disabled);
        Assert.Equal(".", options.OutputDirectory);
        // The tracker built from those options still measures and writes.
        options.OutputDirectory = scope.OutputDirectory;
        TrackerRuntime.Replace(options);
        UserCode.Work(3, kind);
        Assert.Equal(7, LedgerFile.ReadStrict(scope.LedgerPath).Records.Count);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("abc")]
    [InlineData("1,5")]
    public void An_impossible_PUE_in_the_environment_is_reported_and_1_is_used(string pue)
    {
        using var scope = new TrackerScope();
        var options = OptionsLoader.Load(name => name == "CARBONATTRS_PUE" ? pue : null, null);

        Assert.Equal(1.0, options.Pue);
        var warning = Assert.Single(scope.Warnings);
        Assert.Contains("CARBONATTRS_PUE", warning);
        Assert.Contains(pue, warning);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void An_impossible_PUE_set_in_code_never_yields_negative_or_missing_energy(double pue)
    {
        using var scope = new TrackerScope(o => o.Pue = pue);
        UserCode.Work(5, "pue-from-code");

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(11, ledger.Records.Count);
        foreach (var record in ledger.Records)
        {
            Assert.Equal(1.0, Number(ledger.Value(record, "pue")));
            Assert.True(Number(ledger.Value(record, "energy_consumed")) >= 0);
            Assert.True(Number(ledger.Value(record, "emissions")) >= 0);
        }
        Assert.Contains(scope.Warnings, w => w.Contains("PUE", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_negative_forced_intensity_set_in_code_never_yields_negative_emissions()
    {
        using var scope = new TrackerScope(o => o.IntensityGramsPerKwh = -300);
        UserCode.Work(5, "intensity-from-code");

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.All(ledger.Records, r => Assert.True(Number(ledger.Value(r, "emissions")) >= 0));
        Assert.All(ledger.Records, r => Assert.True(Number(ledger.Value(r, "intensity_g_per_kwh")) >= 0));
        Assert.Contains(scope.Warnings, w => w.Contains("intensity", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("fr")]
    [InlineData("ÄÖÜ")]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("\u0000")]
    public void An_unknown_country_falls_back_to_the_world_average_and_rows_are_written(string country)
    {
        using var scope = new TrackerScope(o =>
        {
            o.IntensityGramsPerKwh = null;
            o.CountryIsoCode = country;
        });
        UserCode.Work(2, "country");

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(5, ledger.Records.Count);
        Assert.All(ledger.Records, r =>
        {
            Assert.Equal(CarbonIntensityResolver.WorldAverageGramsPerKwh, Number(ledger.Value(r, "intensity_g_per_kwh")));
            Assert.NotEqual("", ledger.Value(r, "intensity_source"));
            Assert.False(ledger.Value(r, "country_iso_code").StartsWith('='));
        });
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
