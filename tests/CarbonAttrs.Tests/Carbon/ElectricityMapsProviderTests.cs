using CarbonAttrs.Tests.Support;
using static CarbonAttrs.Tests.Carbon.LiveIntensityTestKit;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>
/// CARBONATTRS_INTENSITY_PROVIDER=electricitymaps against a real HTTP server on 127.0.0.1 that implements
/// <c>GET /v3/carbon-intensity/latest?zone=</c> and its failures. Rows carry the served value or the table's, never lose
/// a row, warn once per kind of failure, and the token is nowhere but in the request header.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class ElectricityMapsProviderTests : IDisposable
{
    private const string Token = "em-secret-token-7d41c0";
    private readonly SecretWatch _watch = new();

    public void Dispose() => _watch.Dispose();

    private static void Configure(CarbonAttrsOptions o, FakeIntensityServer server, string? token = Token)
    {
        o.IntensityGramsPerKwh = null;
        o.CountryIsoCode = "FRA";
        o.IntensityProvider = IntensityProvider.ElectricityMaps;
        o.ElectricityMapsUrl = server.BaseUrl;
        o.ElectricityMapsToken = token;
    }

    private const string Latest = """
        {"zone":"FR","carbonIntensity":42.5,"datetime":"2026-12-07T02:00:00.000Z","updatedAt":"2026-12-07T02:41:10.000Z",
         "createdAt":"2026-12-04T02:43:00.000Z","emissionFactorType":"lifecycle","isEstimated":true,
         "estimationMethod":"TIME_SLICER_AVERAGE","temporalGranularity":"hourly"}
        """;

    [Fact]
    public void Rows_carry_the_served_value_with_zone_and_hour_from_one_request_sent_with_the_token_header()
    {
        using var server = new FakeIntensityServer(_ => FakeIntensityServer.Json(Latest));
        string ledgerPath;
        using (var ledger = new TempLedger(o => Configure(o, server)))
        {
            RecordWindows(4);
            var rows = Rows(ledger);
            ledgerPath = ledger.LedgerPath;

            Assert.Equal(5, rows.Count);
            foreach (var row in rows)
            {
                Assert.Equal("42.5", row["intensity_g_per_kwh"]);
                Assert.Equal("electricitymaps: FR at 2026-12-07T02:00:00Z (lifecycle, estimated)", row["intensity_source"]);
                Assert.Equal("FRA", row["country_iso_code"]);
                AssertEmissionsFollowIntensity(row);
            }
            _watch.AssertNowhere(Token, ledgerPath);
        }

        // Refreshed at most every 5 minutes: the request made at start serves every row.
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v3/carbon-intensity/latest", request.Path);
        Assert.Equal("FR", request.Query["zone"]);
        Assert.Equal(Token, request.Headers["auth-token"]);
        Assert.Empty(_watch.MessagesContaining("electricitymaps unavailable"));
    }

    [Fact]
    public void The_configured_zone_is_asked_for_instead_of_the_country()
    {
        using var server = new FakeIntensityServer(_ => FakeIntensityServer.Json(Latest.Replace("\"FR\"", "\"US-CAL-CISO\"")));
        using var ledger = new TempLedger(o => { Configure(o, server); o.ElectricityMapsZone = "US-CAL-CISO"; });
        RecordWindows(1);
        var rows = Rows(ledger);

        Assert.All(rows, r => Assert.StartsWith("electricitymaps: US-CAL-CISO at ", r["intensity_source"]));
        Assert.Equal("US-CAL-CISO", Assert.Single(server.Requests).Query["zone"]);
    }

    public static TheoryData<string, string> Failures => new()
    {
        // case, the reason rows carry after "(electricitymaps unavailable: "
        { "401", "401 Unauthorized: Invalid auth-token ***" },
        { "429", "429 Too Many Requests" },
        { "500", "500 Internal Server Error" },
        { "404-zone", "404 Not Found: Zone 'FR' does not exist" },
        { "not-json", "malformed answer: not JSON" },
        { "no-intensity", "malformed answer: no 'carbonIntensity'" },
        { "no-datetime", "malformed answer: no 'datetime'" },
        { "slow", "no answer within 2 s" },
    };

    internal static FakeIntensityServer.Answer Failing(string kind) => kind switch
    {
        // A server that echoes the token it was sent: the reason must not repeat it.
        "401" => FakeIntensityServer.Json($$"""{"message":"Invalid auth-token {{Token}}"}""", 401),
        "429" => FakeIntensityServer.Json("""{"message":"Rate limit exceeded"}""", 429, retryAfter: "60"),
        "500" => FakeIntensityServer.Json("oops", 500),
        "404-zone" => FakeIntensityServer.Json("""{"error":"Zone 'FR' does not exist"}""", 404),
        "not-json" => FakeIntensityServer.Json("{\"zone\": \"FR\", \"carbonIntensity\": 4"),
        "no-intensity" => FakeIntensityServer.Json("""{"zone":"FR","datetime":"2026-12-07T02:00:00.000Z"}"""),
        "no-datetime" => FakeIntensityServer.Json("""{"zone":"FR","carbonIntensity":42.5}"""),
        "slow" => FakeIntensityServer.Hang(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_failure_falls_back_to_the_table_warns_once_loses_no_row_and_never_shows_the_token(string kind, string reason)
    {
        using var server = new FakeIntensityServer(_ => Failing(kind));
        using var ledger = new TempLedger(o => Configure(o, server));
        RecordWindows(5);
        var rows = Rows(ledger);

        Assert.Equal(6, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(France.GramsPerKwh, Number(row["intensity_g_per_kwh"]));
            Assert.StartsWith("table: country:FRA: ", row["intensity_source"]);
            Assert.Contains($" (electricitymaps unavailable: {reason}", row["intensity_source"]);
            Assert.EndsWith(")", row["intensity_source"]);
            AssertEmissionsFollowIntensity(row);
        }
        var warning = Assert.Single(_watch.MessagesContaining("electricitymaps unavailable"));
        Assert.StartsWith("Warning: electricitymaps unavailable: " + reason.Split(':')[0], warning);
        Assert.Contains("carbonattrs: warning: electricitymaps unavailable", _watch.Stderr);
        // After a failure the server is left alone for the refresh period: one request for all six rows.
        Assert.Single(server.Requests);
        _watch.AssertNowhere(Token, ledger.LedgerPath);
    }

    [Fact]
    public void Without_a_token_nothing_is_requested_and_rows_say_why()
    {
        using var server = new FakeIntensityServer(_ => FakeIntensityServer.Json(Latest));
        using var ledger = new TempLedger(o => Configure(o, server, token: null));
        RecordWindows(2);
        var rows = Rows(ledger);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.EndsWith("(electricitymaps unavailable: no token)", r["intensity_source"]));
        Assert.Empty(server.Requests);
        Assert.Contains("CARBONATTRS_ELECTRICITYMAPS_TOKEN", Assert.Single(_watch.MessagesContaining("electricitymaps unavailable")));
    }

    [Fact]
    public void An_unreachable_server_falls_back_with_the_network_error()
    {
        string url;
        using (var closed = new FakeIntensityServer(_ => FakeIntensityServer.Json(Latest)))
            url = closed.BaseUrl; // nothing listens there any more
        using var ledger = new TempLedger(o =>
        {
            o.IntensityGramsPerKwh = null;
            o.CountryIsoCode = "FRA";
            o.IntensityProvider = IntensityProvider.ElectricityMaps;
            o.ElectricityMapsUrl = url;
            o.ElectricityMapsToken = Token;
        });
        RecordWindows(2);
        var rows = Rows(ledger);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains("(electricitymaps unavailable: network error: ", r["intensity_source"]));
        Assert.Single(_watch.MessagesContaining("electricitymaps unavailable"));
        _watch.AssertNowhere(Token, ledger.LedgerPath);
    }
}
