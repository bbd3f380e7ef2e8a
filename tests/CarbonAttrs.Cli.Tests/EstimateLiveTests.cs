using System.Globalization;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Tests.Carbon;

namespace CarbonAttrs.Cli.Tests;

/// <summary><c>estimate --live</c> through the configured provider (carbonattrs.json named by CARBONATTRS_CONFIG), against a loopback server.</summary>
[Collection(TrackerCollection.Name)]
public sealed class EstimateLiveTests : IDisposable
{
    private const string Token = "cli-secret-token-93ab";
    private readonly TempFolder _dir = new();
    private readonly string? _previousConfig = Environment.GetEnvironmentVariable("CARBONATTRS_CONFIG");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CARBONATTRS_CONFIG", _previousConfig);
        _dir.Dispose();
    }

    private void Configure(string json)
    {
        var path = _dir.File("carbonattrs.json");
        File.WriteAllText(path, json);
        Environment.SetEnvironmentVariable("CARBONATTRS_CONFIG", path);
    }

    private static double EnergyKwh(string output)
    {
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith("Energy", StringComparison.Ordinal));
        return double.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Electricity_Maps_latest_value_is_used_for_the_country_asked()
    {
        using var server = new FakeIntensityServer(r => FakeIntensityServer.Json(
            $$"""{"zone":"{{r.Query["zone"]}}","carbonIntensity":31,"datetime":"2026-12-07T02:00:00.000Z","emissionFactorType":"lifecycle","isEstimated":false}"""));
        Configure($$"""{"intensityProvider":"electricitymaps","electricityMapsUrl":"{{server.BaseUrl}}","electricityMapsToken":"{{Token}}"}""");

        var result = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--country", "SWE", "--live");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("31 g CO2eq/kWh  live grid (electricitymaps) (electricitymaps: SE at 2026-12-07T02:00:00Z (lifecycle))", result.Output);
        var request = Assert.Single(server.Requests);
        Assert.Equal("SE", request.Query["zone"]);
        Assert.Equal(Token, request.Headers["auth-token"]);
        Assert.DoesNotContain(Token, result.Output + result.Error);
    }

    [Fact]
    public void Carbon_Aware_SDK_gives_the_average_of_the_last_hour()
    {
        using var server = new FakeIntensityServer(r => FakeIntensityServer.Json(
            $$"""{"location":"{{r.Query["location"]}}","startTime":"{{r.Query["startTime"]}}","endTime":"{{r.Query["endTime"]}}","carbonIntensity":250}"""));
        Configure($$"""{"intensityProvider":"carbon-aware-sdk","carbonAwareUrl":"{{server.BaseUrl}}","carbonAwareLocation":"eastus"}""");

        var result = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "1", "--live");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.True(result.Output.Contains("250 g CO2eq/kWh  live grid (carbon-aware-sdk) (carbon-aware-sdk: eastus average ", StringComparison.Ordinal), result.Output);
        var request = Assert.Single(server.Requests);
        var span = DateTimeOffset.Parse(request.Query["endTime"], CultureInfo.InvariantCulture) - DateTimeOffset.Parse(request.Query["startTime"], CultureInfo.InvariantCulture);
        Assert.InRange(span, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_failing_provider_falls_back_to_the_table_and_says_why()
    {
        using var server = new FakeIntensityServer(_ => FakeIntensityServer.Json("""{"message":"bad token"}""", 401));
        Configure($$"""{"intensityProvider":"electricitymaps","electricityMapsUrl":"{{server.BaseUrl}}","electricityMapsToken":"{{Token}}"}""");

        var result = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "10", "--country", "FRA", "--live");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(table: country:FRA: ", result.Output);
        Assert.Contains("(electricitymaps unavailable: 401 Unauthorized: bad token))", result.Output);
        var france = CarbonIntensityTable.FindCountry("FRA")!;
        Assert.Contains(Units(france.GramsPerKwh), result.Output);
    }

    [Fact]
    public void Live_without_a_live_provider_is_an_error_that_says_what_to_set()
    {
        Configure("""{"intensityProvider":"table"}""");
        var result = CliRunner.Run("estimate", "--gpu", "T4", "--hours", "1", "--live");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CARBONATTRS_INTENSITY_PROVIDER=electricitymaps", result.Error);
    }

    private static string Units(double grams) => CarbonAttrs.Footprint.Reporting.Units.Intensity(grams);
}
