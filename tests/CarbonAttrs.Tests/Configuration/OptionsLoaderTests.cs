using CarbonAttrs.Configuration;
using CarbonAttrs.Tests.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Configuration;

[Collection(TrackerCollection.Name)]
public class OptionsLoaderTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
        => key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void Environment_variables_set_every_option()
    {
        var options = OptionsLoader.Load(Env(
            ("CARBONATTRS_OUTPUT_DIR", "/tmp/out"), ("CARBONATTRS_POWERCAP_ROOT", "/fake/powercap"),
            ("CARBONATTRS_NVML_LIBRARY", "/opt/libnvml.so"), ("CARBONATTRS_COUNTRY", "fra"),
            ("CARBONATTRS_CLOUD_PROVIDER", "AWS"), ("CARBONATTRS_CLOUD_REGION", "EU-WEST-3"),
            ("CARBONATTRS_INTENSITY_G_PER_KWH", "56.5"), ("CARBONATTRS_PUE", "1.58"),
            ("CARBONATTRS_TRACKING_MODE", "machine"), ("CARBONATTRS_SAMPLE_INTERVAL_MS", "250"),
            ("CARBONATTRS_DISABLED", "1")), configFilePath: null);

        Assert.Equal("/tmp/out", options.OutputDirectory);
        Assert.Equal("/fake/powercap", options.PowercapRoot);
        Assert.Equal("/opt/libnvml.so", options.NvmlLibrary);
        Assert.Equal("FRA", options.CountryIsoCode);
        Assert.Equal(("aws", "eu-west-3"), (options.CloudProvider, options.CloudRegion));
        Assert.Equal(56.5, options.IntensityGramsPerKwh);
        Assert.Equal(1.58, options.Pue);
        Assert.Equal(TrackingMode.Machine, options.TrackingMode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SampleInterval);
        Assert.True(options.Disabled);
    }

    [Theory]
    [InlineData("CARBONATTRS_PUE", "-1.2", "1.0")]
    [InlineData("CARBONATTRS_PUE", "abc", "1.0")]
    [InlineData("CARBONATTRS_TRACKING_MODE", "cluster", "process")]
    [InlineData("CARBONATTRS_SAMPLE_INTERVAL_MS", "0", "chosen from the counters")]
    [InlineData("CARBONATTRS_INTENSITY_G_PER_KWH", "lots", "no forced intensity")]
    [InlineData("CARBONATTRS_MAX_ROWS_PER_SECOND", "-5", "1000")]
    [InlineData("CARBONATTRS_MAX_ROWS_PER_SECOND", "fast", "1000")]
    public void A_malformed_value_names_the_setting_and_value_and_keeps_the_default(string variable, string value, string fallback)
    {
        CarbonAttrsOptions? options = null;
        var messages = EmissionsLedgerTests.CaptureWarnings(() => options = OptionsLoader.Load(Env((variable, value)), null));

        var message = Assert.Single(messages);
        Assert.Contains(variable, message);
        Assert.Contains($"'{value}'", message);
        Assert.Contains(fallback, message);
        var defaults = new CarbonAttrsOptions();
        Assert.Equal(defaults.Pue, options!.Pue);
        Assert.Equal(defaults.TrackingMode, options.TrackingMode);
        Assert.Null(options.SampleInterval);
        Assert.Null(options.IntensityGramsPerKwh);
        Assert.Equal(CarbonAttrsOptions.DefaultMaxRowsPerSecond, options.MaxRowsPerSecond);
    }

    [Fact]
    public void The_flood_guard_limit_is_set_by_the_environment_the_json_file_and_code()
    {
        Assert.Equal(250, OptionsLoader.Load(Env(("CARBONATTRS_MAX_ROWS_PER_SECOND", "250")), null).MaxRowsPerSecond);
        var path = Path.Combine(Path.GetTempPath(), "carbonattrs-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ \"maxRowsPerSecond\": 0 }");
        try
        {
            Assert.Equal(0, OptionsLoader.Load(Env(), path).MaxRowsPerSecond);
            Assert.Equal(40, OptionsLoader.Load(Env(("CARBONATTRS_MAX_ROWS_PER_SECOND", "40")), path).MaxRowsPerSecond);
        }
        finally { File.Delete(path); }
        var fromCode = new CarbonAttrsOptions { MaxRowsPerSecond = -1 };
        var messages = EmissionsLedgerTests.CaptureWarnings(() => OptionsSanitizer.Sanitize(fromCode));
        Assert.Equal(CarbonAttrsOptions.DefaultMaxRowsPerSecond, fromCode.MaxRowsPerSecond);
        Assert.Contains(messages, m => m.Contains("MaxRowsPerSecond -1"));
    }

    [Fact]
    public void Json_file_is_read_and_the_environment_wins()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ // comments are fine\n \"country\": \"deu\", \"pue\": 1.2, \"trackingMode\": \"machine\", \"sampleIntervalMs\": 500 }");

        var options = OptionsLoader.Load(Env(("CARBONATTRS_PUE", "1.4")), path);

        Assert.Equal("DEU", options.CountryIsoCode);
        Assert.Equal(1.4, options.Pue);
        Assert.Equal(TrackingMode.Machine, options.TrackingMode);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.SampleInterval);
        File.Delete(path);
    }

    [Fact]
    public void A_malformed_json_file_is_named_and_ignored()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ \"pue\": 1.3, ");
        CarbonAttrsOptions? options = null;

        var messages = EmissionsLedgerTests.CaptureWarnings(() => options = OptionsLoader.Load(Env(), path));

        Assert.Contains(messages, m => m.Contains(path) && m.Contains("ignored"));
        Assert.Equal(1.0, options!.Pue);
        File.Delete(path);
    }

    [Fact]
    public void An_unknown_json_key_is_named_with_the_known_ones()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ \"puee\": 1.3 }");

        var messages = EmissionsLedgerTests.CaptureWarnings(() => OptionsLoader.Load(Env(), path));

        Assert.Contains(messages, m => m.Contains("\"puee\"") && m.Contains("pue"));
        File.Delete(path);
    }
}
