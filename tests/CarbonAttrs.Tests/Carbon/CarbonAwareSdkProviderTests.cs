using System.Globalization;
using CarbonAttrs.Carbon.Live;
using CarbonAttrs.Tests.Support;
using static CarbonAttrs.Tests.Carbon.LiveIntensityTestKit;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>
/// CARBONATTRS_INTENSITY_PROVIDER=carbon-aware-sdk against a real HTTP server on 127.0.0.1 implementing the WebAPI's
/// <c>GET /emissions/average-carbon-intensity</c> (CarbonIntensityDTO; ValidationProblemDetails on 400/500) and failures.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class CarbonAwareSdkProviderTests : IDisposable
{
    private readonly SecretWatch _watch = new();

    public void Dispose() => _watch.Dispose();

    private static void Configure(CarbonAttrsOptions o, string url)
    {
        o.IntensityGramsPerKwh = null;
        o.CountryIsoCode = "FRA";
        o.IntensityProvider = IntensityProvider.CarbonAwareSdk;
        o.CarbonAwareUrl = url;
        o.CarbonAwareLocation = "westeurope";
    }

    // The DTO echoes the request; the average is made to depend on the range so each row's value is checkable.
    private static FakeIntensityServer.Answer Average(FakeIntensityServer.RecordedRequest r)
        => FakeIntensityServer.Json($$"""
            {"location":"{{r.Query["location"]}}","startTime":"{{r.Query["startTime"]}}","endTime":"{{r.Query["endTime"]}}","carbonIntensity":{{Grams(r.Query["startTime"])}}}
            """);

    private static string Grams(string startTime)
        => (100 + DateTimeOffset.Parse(startTime, CultureInfo.InvariantCulture).Minute + 0.25).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Each_row_carries_the_average_over_its_window_and_requests_are_shared_per_widened_window()
    {
        using var server = new FakeIntensityServer(Average);
        using var ledger = new TempLedger(o => Configure(o, server.BaseUrl));
        RecordWindows(4);
        var rows = Rows(ledger);

        Assert.Equal(5, rows.Count);
        var intervals = new HashSet<string>();
        foreach (var row in rows)
        {
            var source = row["intensity_source"];
            Assert.StartsWith("carbon-aware-sdk: westeurope average ", source);
            var interval = source.Substring("carbon-aware-sdk: westeurope average ".Length).Split('/');
            var from = DateTimeOffset.Parse(interval[0], CultureInfo.InvariantCulture);
            var to = DateTimeOffset.Parse(interval[1], CultureInfo.InvariantCulture);
            var (start, end) = Window(row);
            // The averaged range covers the row's window (widened to whole 5-minute steps; the ledger rounds to ms).
            Assert.True(from <= start.AddMilliseconds(1) && to >= end.AddMilliseconds(-1), $"{source} does not cover {start:O}..{end:O}");
            Assert.Equal(0, from.Minute % 5);
            Assert.Equal(Grams(interval[0]), row["intensity_g_per_kwh"]);
            AssertEmissionsFollowIntensity(row);
            intervals.Add(source);
        }

        // One request per distinct widened window, each with the documented parameters.
        var requests = server.Requests;
        Assert.Equal(intervals.Count, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("/emissions/average-carbon-intensity", r.Path);
            Assert.Equal("westeurope", r.Query["location"]);
            Assert.EndsWith("Z", r.Query["startTime"]);
            Assert.EndsWith("Z", r.Query["endTime"]);
        });
        Assert.Equal(intervals.Count, requests.Select(r => r.Query["startTime"] + "/" + r.Query["endTime"]).Distinct().Count());
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "400", "400 Bad Request: One or more validation errors occurred." },
        { "401", "401 Unauthorized" },
        { "429", "429 Too Many Requests" },
        { "500", "500 Internal Server Error: WattTime: 503" },
        { "not-json", "malformed answer: not JSON" },
        { "wrong-schema", "malformed answer: 'carbonIntensity' is not a number of g/kWh" },
        { "slow", "no answer within 2 s" },
    };

    private static FakeIntensityServer.Answer Failing(string kind) => kind switch
    {
        "400" => FakeIntensityServer.Json("""{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"location":["unknown location"]}}""", 400),
        "401" => FakeIntensityServer.Json("", 401),
        "429" => FakeIntensityServer.Json("", 429),
        "500" => FakeIntensityServer.Json("""{"title":"Data source failed","status":500,"detail":"WattTime: 503"}""", 500),
        "not-json" => FakeIntensityServer.Json("<html>gateway</html>"),
        "wrong-schema" => FakeIntensityServer.Json("""{"location":"westeurope","carbonIntensity":"high"}"""),
        "slow" => FakeIntensityServer.Hang(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_failure_falls_back_to_the_table_warns_once_and_loses_no_row(string kind, string reason)
    {
        using var server = new FakeIntensityServer(_ => Failing(kind));
        using var ledger = new TempLedger(o => Configure(o, server.BaseUrl));
        RecordWindows(5);
        var rows = Rows(ledger);

        Assert.Equal(6, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(France.GramsPerKwh, Number(row["intensity_g_per_kwh"]));
            Assert.StartsWith("table: country:FRA: ", row["intensity_source"]);
            Assert.Contains($" (carbon-aware-sdk unavailable: {reason}", row["intensity_source"]);
            AssertEmissionsFollowIntensity(row);
        }
        Assert.Single(_watch.MessagesContaining("carbon-aware-sdk unavailable"));
        // The first failure pauses requests for the refresh period: rows after it take the fallback without asking.
        // (Rows share a request per widened window; only rows straddling a 5-minute boundary could ask twice.)
        var widened = rows.Select(r => Window(r)).Select(w => CarbonAwareSdkProvider.Widen(w.Start, w.End)).Distinct().Count();
        Assert.InRange(server.Requests.Count, 1, widened);
    }

    [Fact]
    public void Without_a_location_nothing_is_requested_and_rows_say_why()
    {
        using var server = new FakeIntensityServer(Average);
        using var ledger = new TempLedger(o => { Configure(o, server.BaseUrl); o.CarbonAwareLocation = null; });
        RecordWindows(1);

        Assert.All(Rows(ledger), r => Assert.EndsWith("(carbon-aware-sdk unavailable: no location)", r["intensity_source"]));
        Assert.Empty(server.Requests);
        Assert.Contains("CARBONATTRS_CARBON_AWARE_LOCATION", Assert.Single(_watch.MessagesContaining("carbon-aware-sdk unavailable")));
    }

    [Theory]
    [InlineData("2026-12-07T02:03:10Z", "2026-12-07T02:03:11Z", "2026-12-07T02:00:00Z", "2026-12-07T02:05:00Z")]
    [InlineData("2026-12-07T02:04:59Z", "2026-12-07T02:05:01Z", "2026-12-07T02:00:00Z", "2026-12-07T02:10:00Z")]
    [InlineData("2026-12-07T02:05:00Z", "2026-12-07T02:05:00Z", "2026-12-07T02:05:00Z", "2026-12-07T02:10:00Z")]
    [InlineData("2026-12-07T01:58:00Z", "2026-12-07T04:00:00Z", "2026-12-07T01:55:00Z", "2026-12-07T04:00:00Z")]
    public void Windows_are_widened_to_whole_five_minute_steps(string start, string end, string from, string to)
    {
        var (wideStart, wideEnd) = CarbonAwareSdkProvider.Widen(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(from, CultureInfo.InvariantCulture).UtcTicks, wideStart);
        Assert.Equal(DateTimeOffset.Parse(to, CultureInfo.InvariantCulture).UtcTicks, wideEnd);
    }
}
