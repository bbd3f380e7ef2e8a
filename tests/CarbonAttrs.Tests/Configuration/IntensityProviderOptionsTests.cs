using CarbonAttrs.Configuration;
using CarbonAttrs.Tests.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Configuration;

/// <summary>The live-provider settings from the environment and carbonattrs.json (code: plain properties).</summary>
[Collection(TrackerCollection.Name)]
public class IntensityProviderOptionsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
        => key => values.FirstOrDefault(v => v.Key == key).Value;

    [Theory]
    [InlineData("table", IntensityProvider.Table)]
    [InlineData("ElectricityMaps", IntensityProvider.ElectricityMaps)]
    [InlineData("carbon-aware-sdk", IntensityProvider.CarbonAwareSdk)]
    public void The_provider_is_read_from_the_environment(string value, IntensityProvider expected)
        => Assert.Equal(expected, OptionsLoader.Load(Env(("CARBONATTRS_INTENSITY_PROVIDER", value)), null).IntensityProvider);

    [Fact]
    public void Environment_variables_set_every_provider_option()
    {
        var options = OptionsLoader.Load(Env(
            ("CARBONATTRS_ELECTRICITYMAPS_TOKEN", " tok-123 "), ("CARBONATTRS_ELECTRICITYMAPS_ZONE", "DE"),
            ("CARBONATTRS_ELECTRICITYMAPS_URL", "http://127.0.0.1:9/"), ("CARBONATTRS_CARBON_AWARE_URL", "https://ca.example/api"),
            ("CARBONATTRS_CARBON_AWARE_LOCATION", "westeurope")), configFilePath: null);

        Assert.Equal("tok-123", options.ElectricityMapsToken);
        Assert.Equal("DE", options.ElectricityMapsZone);
        Assert.Equal("http://127.0.0.1:9/", options.ElectricityMapsUrl);
        Assert.Equal("https://ca.example/api", options.CarbonAwareUrl);
        Assert.Equal("westeurope", options.CarbonAwareLocation);
    }

    [Fact]
    public void The_json_file_sets_them_too_and_the_environment_wins()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "intensityProvider": "carbon-aware-sdk", "carbonAwareUrl": "http://localhost:8080", "carbonAwareLocation": "eastus" }""");
        var options = OptionsLoader.Load(Env(("CARBONATTRS_CARBON_AWARE_LOCATION", "westus")), path);
        File.Delete(path);

        Assert.Equal(IntensityProvider.CarbonAwareSdk, options.IntensityProvider);
        Assert.Equal("http://localhost:8080", options.CarbonAwareUrl);
        Assert.Equal("westus", options.CarbonAwareLocation);
    }

    [Theory]
    [InlineData("CARBONATTRS_INTENSITY_PROVIDER", "watttime", "table")]
    [InlineData("CARBONATTRS_ELECTRICITYMAPS_URL", "api.electricitymaps.com", "https://api.electricitymaps.com")]
    [InlineData("CARBONATTRS_CARBON_AWARE_URL", "ftp://x", "none")]
    public void A_malformed_value_names_the_setting_and_keeps_the_default(string variable, string value, string fallback)
    {
        CarbonAttrsOptions? options = null;
        var message = Assert.Single(EmissionsLedgerTests.CaptureWarnings(() => options = OptionsLoader.Load(Env((variable, value)), null)));
        Assert.Contains(variable, message);
        Assert.Contains($"'{value}'", message);
        Assert.Contains(fallback, message);
        Assert.Equal(IntensityProvider.Table, options!.IntensityProvider);
        Assert.Null(options.ElectricityMapsUrl);
        Assert.Null(options.CarbonAwareUrl);
    }
}
