using System.Net.Http;

namespace CarbonAttrs.Carbon.Live;

/// <summary>
/// The Green Software Foundation's Carbon Aware SDK WebAPI:
/// <c>GET {base}/emissions/average-carbon-intensity?location={loc}&amp;startTime={iso}&amp;endTime={iso}</c>, whose answer
/// (<c>CarbonIntensityDTO</c>: <c>location</c>, <c>startTime</c>, <c>endTime</c>, <c>carbonIntensity</c>) is the average
/// over the range; 400 and 500 carry a <c>ValidationProblemDetails</c>. Each row asks for the average over its own window
/// when it ends, widened to whole 5-minute steps (the data's own granularity at best): rows whose widened windows are the
/// same share one request, so a loop of short calls costs a request per 5 minutes, not one per call.
/// </summary>
internal sealed class CarbonAwareSdkProvider : LiveIntensityProvider
{
    public const string ProviderName = "carbon-aware-sdk";

    /// <summary>Windows are widened to multiples of this.</summary>
    internal static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    // Enough for every distinct widened window of a long run; older ones are dropped (a later row asks again).
    private const int MaxRemembered = 256;

    private readonly Dictionary<(long Start, long End), IntensityFetch> _fetches = new();
    private readonly Queue<(long Start, long End)> _order = new();
    private readonly string? _baseUrl;
    private readonly IntensityFetch? _notConfigured;

    public CarbonAwareSdkProvider(CarbonAttrsOptions options, CarbonIntensity table, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
        : base(ProviderName, table, secret: null, timeout ?? DefaultTimeout, handler)
    {
        Location = string.IsNullOrWhiteSpace(options.CarbonAwareLocation) ? options.CloudRegion : options.CarbonAwareLocation!.Trim();
        if (string.IsNullOrWhiteSpace(options.CarbonAwareUrl))
            _notConfigured = IntensityFetch.Completed(Fail(FetchFailure.NotConfigured("no URL",
                "set CARBONATTRS_CARBON_AWARE_URL to the base URL of a Carbon Aware SDK WebAPI, e.g. http://localhost:8080")));
        else if (string.IsNullOrWhiteSpace(Location))
            _notConfigured = IntensityFetch.Completed(Fail(FetchFailure.NotConfigured("no location",
                "set CARBONATTRS_CARBON_AWARE_LOCATION to a location the WebAPI knows (GET /locations), e.g. westeurope")));
        else
            _baseUrl = options.CarbonAwareUrl!.Trim().TrimEnd('/') + "/";
    }

    /// <summary>The location asked for, e.g. <c>westeurope</c>.</summary>
    public string? Location { get; }

    public override IntensityFetch For(DateTimeOffset start, DateTimeOffset end)
    {
        if (_notConfigured is not null)
            return _notConfigured;
        var key = Widen(start, end);
        lock (_fetches)
        {
            if (_fetches.TryGetValue(key, out var known))
                return known;
            if (InPauseAfterFailure(out var failed))
                return failed;
            var from = new DateTimeOffset(key.Start, TimeSpan.Zero);
            var to = new DateTimeOffset(key.End, TimeSpan.Zero);
            var fetch = Start(cancellation => FetchAsync(from, to, cancellation));
            _fetches[key] = fetch;
            _order.Enqueue(key);
            if (_order.Count > MaxRemembered)
                _fetches.Remove(_order.Dequeue());
            return fetch;
        }
    }

    /// <summary>The window widened to whole steps, in UTC ticks: [floor(start), ceil(end)], at least one step long.</summary>
    internal static (long Start, long End) Widen(DateTimeOffset start, DateTimeOffset end)
    {
        var step = Step.Ticks;
        var from = start.UtcTicks / step * step;
        var to = (end.UtcTicks + step - 1) / step * step;
        if (to <= from)
            to = from + step;
        return (from, to);
    }

    private async Task<CarbonIntensity> FetchAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellation)
    {
        var uri = new Uri($"{_baseUrl}emissions/average-carbon-intensity?location={Uri.EscapeDataString(Location!)}"
                          + $"&startTime={Uri.EscapeDataString(Iso(from))}&endTime={Uri.EscapeDataString(Iso(to))}");
        using var document = await GetJsonAsync(uri, authorize: null, "the WebAPI takes no credentials from CarbonAttrs; check a proxy in front of it",
            $"check the location '{Location}' (CARBONATTRS_CARBON_AWARE_LOCATION; list: GET /emissions/locations) and that the data source has data for this time", cancellation).ConfigureAwait(false);
        var grams = RequiredIntensity(document.RootElement, "carbonIntensity");
        return Served(grams, $"{ProviderName}: {Location} average {Iso(from)}/{Iso(to)}");
    }
}
