using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Configuration;

/// <summary><see cref="CarbonTracker.Configure"/> called several times: each call adds to the earlier ones.</summary>
[Collection(TrackerCollection.Name)]
public sealed class ConfigureCompositionTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "carbonattrs-configure-" + Guid.NewGuid().ToString("N"));

    public ConfigureCompositionTests() => CarbonTracker.ResetCodeConfiguration();

    [Fact]
    public void A_second_call_keeps_the_first_calls_settings_and_wins_only_for_its_own()
    {
        CarbonTracker.Configure(o => { o.OutputDirectory = _output; o.Pue = 1.58; o.ProjectName = "first"; });
        CarbonTracker.Configure(o => { o.CountryIsoCode = "FRA"; o.ProjectName = "second"; });

        var options = CarbonTracker.Options;
        Assert.Equal(_output, options.OutputDirectory);
        Assert.Equal(1.58, options.Pue);
        Assert.Equal("FRA", options.CountryIsoCode);
        Assert.Equal("second", options.ProjectName);

        // The rows follow the composed settings.
        using (CarbonTracker.Track("configure.composed")) { }
        var row = Assert.Single(TempLedger.ReadLedger(FlushAndPath()));
        Assert.Equal("1.58", row["pue"]);
        Assert.Equal("FRA", row["country_iso_code"]);
        Assert.Equal("second", row["project_name"]);
    }

    [Fact]
    public void A_call_that_throws_changes_nothing_and_the_earlier_settings_stay()
    {
        CarbonTracker.Configure(o => { o.OutputDirectory = _output; o.Pue = 1.2; });
        CarbonTracker.Configure(o => { o.Pue = 2.0; throw new InvalidOperationException("bad configuration code"); });
        CarbonTracker.Configure(o => o.CountryIsoCode = "DEU");

        var options = CarbonTracker.Options;
        Assert.Equal(1.2, options.Pue); // not 2.0: the throwing call changed nothing
        Assert.Equal("DEU", options.CountryIsoCode);
        Assert.Equal(_output, options.OutputDirectory);
    }

    private string FlushAndPath()
    {
        CarbonTracker.Flush();
        return Path.Combine(_output, "emissions.csv");
    }

    public void Dispose()
    {
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o => o.Disabled = true);
        CarbonTracker.ResetCodeConfiguration();
        try { Directory.Delete(_output, recursive: true); } catch (IOException) { }
    }
}
