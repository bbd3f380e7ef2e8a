using CarbonAttrs.Carbon;
using CarbonAttrs.Carbon.Live;
using CarbonAttrs.Diagnostics;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>
/// The offline guess: the IANA zone from TZ or the /etc/localtime link, mapped to a country through a temporary
/// zoneinfo tree's zone.tab / zone1970.tab (TZDIR), then to the table's alpha-3 figure.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class TimeZoneCountryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "carbonattrs-tz-" + Guid.NewGuid().ToString("N"));
    private readonly string _zoneinfo;
    private readonly List<string> _messages = new();

    public TimeZoneCountryTests()
    {
        _zoneinfo = Path.Combine(_root, "zoneinfo");
        Directory.CreateDirectory(Path.Combine(_zoneinfo, "Europe"));
        Directory.CreateDirectory(Path.Combine(_zoneinfo, "Etc"));
        // The real files' layout: comments, then country code(s) <TAB> coordinates <TAB> zone [<TAB> comment].
        File.WriteAllText(Path.Combine(_zoneinfo, "zone.tab"),
            "# tzdb timezone descriptions (deprecated version)\n#\nDK\t+5540+01235\tEurope/Copenhagen\nFR\t+4852+00220\tEurope/Paris\nIN\t+2232+08822\tAsia/Kolkata\n");
        File.WriteAllText(Path.Combine(_zoneinfo, "zone1970.tab"),
            "# tzdb timezone descriptions\n#\nDE,DK,NO,SE,SJ\t+5230+01322\tEurope/Berlin\tmost of Germany\nFR,MC\t+4852+00220\tEurope/Paris\n");
        foreach (var zone in new[] { "Europe/Paris", "Europe/Berlin", "Europe/Copenhagen", "Etc/UTC" })
            File.WriteAllText(Path.Combine(_zoneinfo, zone), "TZif");
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (_messages) _messages.Add(level + ": " + message); };
    }

    public void Dispose()
    {
        TrackerLog.Sink = null;
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private TimeZoneCountry? Detect(string? tz, string? localtimeTarget = null)
    {
        var localtime = Path.Combine(_root, "localtime");
        if (localtimeTarget is not null)
            File.CreateSymbolicLink(localtime, localtimeTarget);
        var env = new Dictionary<string, string?> { ["TZ"] = tz, ["TZDIR"] = _zoneinfo };
        return TimeZoneCountry.Detect(name => env.GetValueOrDefault(name), localtime, Path.Combine(_root, "timezone"));
    }

    [Theory]
    [InlineData("Europe/Paris", "FR", "FRA")]
    [InlineData(":Europe/Paris", "FR", "FRA")]
    [InlineData("Asia/Kolkata", "IN", "IND")]
    [InlineData("Europe/Copenhagen", "DK", "DNK")]   // a link: only zone.tab names it, with its own country
    [InlineData("Europe/Berlin", "DE", "DEU")]       // zone1970.tab: the zone's largest country comes first
    public void A_zone_with_a_country_gives_that_country(string tz, string alpha2, string alpha3)
    {
        var guess = Detect(tz);
        Assert.NotNull(guess);
        Assert.Equal(tz.TrimStart(':'), guess!.Zone);
        Assert.Equal(alpha2, guess.Alpha2);
        Assert.Equal(alpha3, guess.Alpha3);
    }

    [Fact]
    public void TZ_may_be_the_path_of_the_zone_file()
        => Assert.Equal("FRA", Detect(Path.Combine(_zoneinfo, "Europe/Paris"))?.Alpha3);

    [Fact]
    public void Without_TZ_the_localtime_link_names_the_zone()
    {
        var guess = Detect(tz: null, localtimeTarget: Path.Combine(_zoneinfo, "Europe/Paris"));
        Assert.Equal("Europe/Paris", guess?.Zone);
        Assert.Equal("FRA", guess?.Alpha3);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Mars/Olympus_Mons")]   // unknown zone
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3")] // a POSIX rule, not a zone name
    public void UTC_or_an_unknown_zone_gives_no_country(string tz) => Assert.Null(Detect(tz));

    [Fact]
    public void A_localtime_link_to_UTC_gives_no_country()
        => Assert.Null(Detect(tz: null, localtimeTarget: Path.Combine(_zoneinfo, "Etc/UTC")));

    [Fact]
    public void Without_tables_there_is_no_guess()
    {
        File.Delete(Path.Combine(_zoneinfo, "zone.tab"));
        File.Delete(Path.Combine(_zoneinfo, "zone1970.tab"));
        Assert.Null(Detect("Europe/Paris"));
    }

    [Fact]
    public void With_no_country_set_the_guess_gives_the_table_value_labelled_with_the_zone_and_says_how_to_set_it()
    {
        var france = CarbonIntensityTable.FindCountry("FRA")!;
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions(), Detect("Europe/Paris"));

        Assert.Equal(france.GramsPerKwh, intensity.GramsPerKwh);
        Assert.Equal("FRA", intensity.CountryIsoCode);
        Assert.Equal($"country:FRA: {france.Source}, {france.Year} (country guessed from time zone Europe/Paris)", intensity.Source);
        var debug = Assert.Single(_messages, m => m.StartsWith("Debug:", StringComparison.Ordinal));
        Assert.Contains("CARBONATTRS_COUNTRY=FRA", debug);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Mars/Olympus_Mons")]
    public void UTC_or_an_unknown_zone_keeps_the_world_average(string tz)
    {
        var intensity = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions(), Detect(tz));
        Assert.Equal(CarbonIntensityTable.WorldAverageGramsPerKwh, intensity.GramsPerKwh);
        Assert.Equal(CarbonIntensityTable.WorldAverageSource, intensity.Source);
        Assert.Contains("CARBONATTRS_COUNTRY", Assert.Single(_messages, m => m.StartsWith("Debug:", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_configured_country_or_region_is_never_second_guessed()
    {
        var paris = Detect("Europe/Paris");
        Assert.Equal("country:IND", CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CountryIsoCode = "IND" }, paris).Source.Substring(0, 11));
        Assert.StartsWith("cloud:gcp/", CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CloudProvider = "gcp", CloudRegion = "us-central1" }, paris).Source);
        Assert.StartsWith("forced", CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { IntensityGramsPerKwh = 7 }, paris).Source);
    }

    [Fact]
    public void Rows_of_a_tracker_with_nothing_configured_carry_the_guess_from_TZ_and_TZDIR()
    {
        _ = TimeZoneInfo.Local; // .NET reads TZ once: cache the real zone before the test changes TZ
        var saved = (Tz: Environment.GetEnvironmentVariable("TZ"), Dir: Environment.GetEnvironmentVariable("TZDIR"));
        try
        {
            Environment.SetEnvironmentVariable("TZ", "Europe/Paris");
            Environment.SetEnvironmentVariable("TZDIR", _zoneinfo);
            using var ledger = new TempLedger(o => o.IntensityGramsPerKwh = null);
            using (CarbonTracker.Track("guessed")) { }
            var row = Assert.Single(ledger.ReadRows());

            var france = CarbonIntensityTable.FindCountry("FRA")!;
            Assert.Equal(france.GramsPerKwh, double.Parse(row["intensity_g_per_kwh"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.EndsWith("(country guessed from time zone Europe/Paris)", row["intensity_source"]);
            Assert.Equal("FRA", row["country_iso_code"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", saved.Tz);
            Environment.SetEnvironmentVariable("TZDIR", saved.Dir);
        }
    }

    [Fact]
    public void The_guessed_country_is_also_the_default_Electricity_Maps_zone()
    {
        var options = new CarbonAttrsOptions { IntensityProvider = IntensityProvider.ElectricityMaps, ElectricityMapsToken = "t" };
        using var provider = new ElectricityMapsProvider(options, CarbonIntensityResolver.Resolve(options, Detect("Europe/Paris")));
        Assert.Equal("FR", provider.Zone);
    }
}
