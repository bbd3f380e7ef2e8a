using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace CarbonAttrs.Carbon.Live;

/// <summary>
/// Electricity Maps API v3: <c>GET {base}/v3/carbon-intensity/latest?zone={zone}</c> with the header
/// <c>auth-token: {token}</c>; the answer's <c>carbonIntensity</c> is g CO2eq/kWh and <c>datetime</c> the hour it
/// describes. One request at start, then at most one per <see cref="LiveIntensityProvider.RefreshPeriod"/>: each row
/// takes the value current when its window ended (rows ending while a refresh is in flight wait for it, at most 2 s).
/// </summary>
internal sealed class ElectricityMapsProvider : LiveIntensityProvider
{
    public const string ProviderName = "electricitymaps";
    public const string DefaultBaseUrl = "https://api.electricitymaps.com";

    private readonly object _gate = new();
    private readonly Uri? _uri;
    private readonly string? _token;
    private readonly IntensityFetch? _notConfigured;
    private readonly long _refreshTicks = (long)(RefreshPeriod.TotalSeconds * Stopwatch.Frequency);
    private IntensityFetch? _current;

    public ElectricityMapsProvider(CarbonAttrsOptions options, CarbonIntensity table, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
        : base(ProviderName, table, options.ElectricityMapsToken, timeout ?? DefaultTimeout, handler)
    {
        _token = string.IsNullOrWhiteSpace(options.ElectricityMapsToken) ? null : options.ElectricityMapsToken!.Trim();
        Zone = string.IsNullOrWhiteSpace(options.ElectricityMapsZone)
            ? IsoCountryCodes.Alpha2(table.CountryIsoCode)
            : options.ElectricityMapsZone!.Trim();
        if (_token is null)
            _notConfigured = IntensityFetch.Completed(Fail(FetchFailure.NotConfigured("no token",
                "set CARBONATTRS_ELECTRICITYMAPS_TOKEN to an Electricity Maps API token (https://portal.electricitymaps.com)")));
        else if (Zone is null)
            _notConfigured = IntensityFetch.Completed(Fail(FetchFailure.NotConfigured("no zone",
                "set CARBONATTRS_ELECTRICITYMAPS_ZONE (e.g. FR, DE, US-CAL-CISO) or CARBONATTRS_COUNTRY")));
        else
            _uri = new Uri(BaseUrl(options.ElectricityMapsUrl) + "v3/carbon-intensity/latest?zone=" + Uri.EscapeDataString(Zone));
    }

    /// <summary>The zone asked for, e.g. <c>FR</c>; null when none is known.</summary>
    public string? Zone { get; }

    /// <summary>Starts the first request now, so the first rows seldom wait.</summary>
    public void Prefetch() => _ = For(default, default);

    public override IntensityFetch For(DateTimeOffset start, DateTimeOffset end)
    {
        if (_notConfigured is not null)
            return _notConfigured;
        var current = Volatile.Read(ref _current);
        if (IsFresh(current))
            return current!;
        lock (_gate)
        {
            current = _current;
            if (IsFresh(current))
                return current!;
            if (InPauseAfterFailure(out var failed))
                return failed;
            current = Start(FetchAsync);
            Volatile.Write(ref _current, current);
            return current;
        }
    }

    private bool IsFresh(IntensityFetch? fetch) => fetch is not null && Stopwatch.GetTimestamp() - fetch.StartedTimestamp < _refreshTicks;

    private async Task<CarbonIntensity> FetchAsync(CancellationToken cancellation)
    {
        using var document = await GetJsonAsync(_uri!, request => request.Headers.TryAddWithoutValidation("auth-token", _token),
            "check CARBONATTRS_ELECTRICITYMAPS_TOKEN", $"check the zone '{Zone}' (CARBONATTRS_ELECTRICITYMAPS_ZONE; list: GET /v3/zones)", cancellation).ConfigureAwait(false);
        var root = document.RootElement;
        var grams = RequiredIntensity(root, "carbonIntensity");
        if (!root.TryGetProperty("datetime", out var datetime) || datetime.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(datetime.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var hour))
            throw new FetchFailedException(FetchFailure.Malformed("no 'datetime' (the time the value describes)"));
        var zone = root.TryGetProperty("zone", out var z) && z.ValueKind == JsonValueKind.String && z.GetString() is { Length: > 0 } served ? served : Zone;
        var notes = new List<string>();
        if (root.TryGetProperty("emissionFactorType", out var factor) && factor.ValueKind == JsonValueKind.String && factor.GetString() is { Length: > 0 } f)
            notes.Add(f);
        if (root.TryGetProperty("isEstimated", out var estimated) && estimated.ValueKind == JsonValueKind.True)
            notes.Add("estimated");
        var source = $"{ProviderName}: {zone} at {Iso(hour)}" + (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "");
        return Served(grams, source);
    }

    internal static string BaseUrl(string? configured)
        => (string.IsNullOrWhiteSpace(configured) ? DefaultBaseUrl : configured!.Trim()).TrimEnd('/') + "/";
}
