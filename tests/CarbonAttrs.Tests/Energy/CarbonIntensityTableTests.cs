using CarbonAttrs.Carbon;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Tests.Energy;

[Collection(EnergyGlobalStateCollection.Name)]
public sealed class CarbonIntensityTableTests : IDisposable
{
    private readonly List<string> _messages = new();

    public CarbonIntensityTableTests()
    {
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (_messages) _messages.Add(level + ": " + message); };
    }

    public void Dispose() => TrackerLog.Sink = null;

    /// <summary>The shipped file, read independently of the library's loader (its own repo path).</summary>
    private static Dictionary<string, string[]> ShippedRows()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "src/CarbonAttrs/Carbon/Data/grid_intensity.csv")))
            directory = Path.GetDirectoryName(directory);
        Assert.NotNull(directory);
        using var reader = new StreamReader(Path.Combine(directory!, "src/CarbonAttrs/Carbon/Data/grid_intensity.csv"));
        return CarbonAttrs.Ledger.CsvFormat.ReadRecords(reader).Skip(1)
            .ToDictionary(r => r.Fields[0] == "cloud" ? r.Fields[1] + "/" + r.Fields[2] : r.Fields[2], r => r.Fields);
    }

    [Theory]
    [InlineData("FRA", "France", "2023")]
    [InlineData("USA", "United States", "2023")]
    [InlineData("IND", "India", "2023")]
    [InlineData("swe", "Sweden", "2023")]
    public void Country_lookups_match_the_shipped_table(string code, string name, string year)
    {
        var row = ShippedRows()[code.ToUpperInvariant()];
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CountryIsoCode = code });

        Assert.Equal(double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture), intensity.GramsPerKwh);
        Assert.Equal(name, intensity.CountryName);
        Assert.Equal(code.ToUpperInvariant(), intensity.CountryIsoCode);
        Assert.StartsWith($"country:{code.ToUpperInvariant()}: Our World in Data", intensity.Source);
        Assert.EndsWith(", " + year, intensity.Source);
    }

    [Theory]
    [InlineData("gcp", "europe-west1", "BEL")]
    [InlineData("aws", "us-east-1", "USA")]
    [InlineData("azure", "westeurope", "NLD")]
    [InlineData("Google", "EUROPE-WEST1", "BEL")]
    public void Cloud_region_lookups_match_the_shipped_table_and_win_over_the_country(string provider, string region, string country)
    {
        var row = ShippedRows()[CarbonIntensityTable.NormalizeProvider(provider) + "/" + region.ToLowerInvariant()];
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CloudProvider = provider, CloudRegion = region.ToLowerInvariant(), CountryIsoCode = "FRA" });

        Assert.Equal(double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture), intensity.GramsPerKwh);
        Assert.StartsWith("cloud:" + row[1] + "/" + row[2] + ": ", intensity.Source);
        Assert.EndsWith(", " + row[6], intensity.Source);
        Assert.Equal(country, intensity.CountryIsoCode);
    }

    [Fact]
    public void Forced_value_wins_over_everything()
    {
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { IntensityGramsPerKwh = 12.5, CloudProvider = "gcp", CloudRegion = "europe-west1", CountryIsoCode = "IND" });
        Assert.Equal(12.5, intensity.GramsPerKwh);
        Assert.StartsWith("forced", intensity.Source);
    }

    [Fact]
    public void Unknown_country_falls_back_to_the_world_average_and_says_so()
    {
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CountryIsoCode = "XYZ" });
        Assert.Equal(475, intensity.GramsPerKwh);
        Assert.Equal("world-average (IEA 2019, via CodeCarbon); country XYZ not in the table", intensity.Source);
        Assert.Contains(_messages, m => m.StartsWith("Warning: ", StringComparison.Ordinal) && m.Contains("'XYZ'"));
    }

    [Fact]
    public void Unknown_cloud_region_falls_back_to_the_country_and_says_so_in_the_log()
    {
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CloudProvider = "aws", CloudRegion = "mars-north-1", CountryIsoCode = "FRA" });
        Assert.StartsWith("country:FRA", intensity.Source);
        Assert.Equal("aws", intensity.CloudProvider);
        Assert.Contains(_messages, m => m.Contains("aws/mars-north-1"));

        var worldAverage = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CloudProvider = "aws", CloudRegion = "mars-north-1" });
        Assert.Equal("world-average (IEA 2019, via CodeCarbon); cloud region aws/mars-north-1 not in the table", worldAverage.Source);
    }

    [Fact]
    public void Nothing_configured_is_the_world_average_with_its_source()
    {
        // No time-zone country either (the machine's zone is guessed otherwise: TimeZoneCountryTests).
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions(), zone: null);
        Assert.Equal(CarbonIntensityTable.WorldAverageGramsPerKwh, intensity.GramsPerKwh);
        Assert.Equal(CarbonIntensityTable.WorldAverageSource, intensity.Source);
    }

    [Fact]
    public void Every_entry_has_a_source_and_a_year_and_a_positive_figure()
    {
        var entries = CarbonIntensityTable.Entries;
        Assert.True(entries.Count(e => e.Kind == CarbonIntensityPlaceKind.Country) > 200);
        Assert.Contains(entries, e => e.Provider == "aws");
        Assert.Contains(entries, e => e.Provider == "azure");
        Assert.Contains(entries, e => e.Provider == "gcp");
        Assert.All(entries, e =>
        {
            Assert.True(e.GramsPerKwh > 0, e.ToString());
            Assert.False(string.IsNullOrWhiteSpace(e.Source), e.ToString());
            Assert.False(string.IsNullOrWhiteSpace(e.Year), e.ToString());
        });
    }

    [Fact]
    public void What_if_compares_the_same_energy_at_the_lowest_and_highest_places()
    {
        var current = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CountryIsoCode = "IND" });
        var whatIf = CarbonIntensityTable.WhatIf(10, current);

        var min = CarbonIntensityTable.Entries.Min(e => e.GramsPerKwh);
        var max = CarbonIntensityTable.Entries.Max(e => e.GramsPerKwh);
        Assert.Equal(min, whatIf.Lowest.GramsPerKwh);
        Assert.Equal(max, whatIf.Highest.GramsPerKwh);
        Assert.Equal(10 * min / 1000, whatIf.LowestEmissionsKg, 9);
        Assert.Equal(10 * max / 1000, whatIf.HighestEmissionsKg, 9);
        Assert.Equal(10 * current.GramsPerKwh / 1000, whatIf.CurrentEmissionsKg!.Value, 9);
        Assert.Equal(current.GramsPerKwh / min, whatIf.TimesLessAtLowest!.Value, 9);

        var cloud = CarbonIntensityTable.WhatIf(10, CarbonIntensityPlaceKind.CloudRegion);
        Assert.Equal(CarbonIntensityPlaceKind.CloudRegion, cloud.Lowest.Kind);
        Assert.Equal(CarbonIntensityPlaceKind.CloudRegion, cloud.Highest.Kind);
        Assert.True(cloud.HighestOverLowest > 1);
    }

    [Fact]
    public void Ranked_countries_follow_the_shipped_figures_and_leave_out_grids_under_the_generation_floor()
    {
        var rows = ShippedRows();
        var all = CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.Country);
        var comparable = CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.Country, minimumAnnualTwh: 1);

        Assert.Equal(rows.Values.Count(r => r[0] == "country"), all.Count);
        Assert.All(all, e => Assert.Equal(double.Parse(rows[e.Code][8], System.Globalization.CultureInfo.InvariantCulture), e.AnnualGenerationTwh));
        Assert.Equal(all.OrderBy(e => e.GramsPerKwh).ThenBy(e => e.Code, StringComparer.Ordinal).Select(e => e.Code), all.Select(e => e.Code));
        // Lesotho (0.5 TWh a year) has the lowest national figure but is too small a grid to compare with.
        Assert.Equal("LSO", all[0].Code);
        Assert.Equal(0.5, all[0].AnnualGenerationTwh);
        Assert.DoesNotContain(comparable, e => e.Code == "LSO");
        Assert.All(comparable, e => Assert.True(e.AnnualGenerationTwh >= 1, e.ToString()));
        Assert.Equal(all.Count(e => e.AnnualGenerationTwh >= 1), comparable.Count);
        Assert.All(CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.CloudRegion), e => Assert.Null(e.AnnualGenerationTwh));

        var whatIf = CarbonIntensityTable.WhatIf(2, comparable, current: null);
        Assert.Same(comparable[0], whatIf.Lowest);
        Assert.Same(comparable[^1], whatIf.Highest);
    }

    [Fact]
    public void A_quoted_source_with_commas_is_read_whole()
    {
        var frankfurt = CarbonIntensityTable.FindCloudRegion("aws", "eu-central-1");
        Assert.NotNull(frankfurt);
        Assert.StartsWith("measured on  July 2, 2019", frankfurt!.Source);
        Assert.Equal(615, frankfurt.GramsPerKwh);
    }
}
