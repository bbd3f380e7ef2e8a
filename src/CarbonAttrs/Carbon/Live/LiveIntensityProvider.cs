using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Carbon.Live;

/// <summary>
/// What the live providers share: one <see cref="HttpClient"/>, requests started on the thread pool (never on the
/// tracked call's thread) with a 2 s limit, failures turned into the table's value with the reason, one warning per
/// kind of failure, and a pause of one refresh period after a failure so a dead server costs one wait, not one per row.
/// The secret (a token) is only ever put in a request header; every text that leaves here is scrubbed of it.
/// </summary>
internal abstract class LiveIntensityProvider : IDisposable
{
    /// <summary>How long a request may take, and how long the ledger writer waits for it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Values are refreshed, and failed servers asked again, at most this often.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly string? _secret;
    private readonly ConcurrentDictionary<string, CarbonIntensity> _fallbacks = new(StringComparer.Ordinal);
    private IntensityFetch? _lastFailure;
    private long _quietUntil;

    protected LiveIntensityProvider(string name, CarbonIntensity table, string? secret, TimeSpan timeout, HttpMessageHandler? handler)
    {
        Name = name;
        Table = table;
        _secret = string.IsNullOrEmpty(secret) ? null : secret;
        Timeout = timeout;
        // The request's own cancellation enforces the limit (so a timeout is told apart from other cancellations).
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("CarbonAttrs/" + typeof(LiveIntensityProvider).Assembly.GetName().Version?.ToString(3));
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    /// <summary><c>electricitymaps</c> or <c>carbon-aware-sdk</c>, as rows and warnings name it.</summary>
    public string Name { get; }

    /// <summary>The offline value rows fall back to.</summary>
    public CarbonIntensity Table { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The fetch that decides the intensity of a row whose window ran from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public abstract IntensityFetch For(DateTimeOffset start, DateTimeOffset end);

    /// <summary>The table's value, labelled with why the provider gave none; warns once per kind and pauses requests.</summary>
    public CarbonIntensity Fail(FetchFailure failure)
    {
        var reason = Scrub(failure.Reason);
        TrackerLog.Warn($"intensity-live:{Name}:{failure.Kind}",
            $"{Name} unavailable: {reason} ({Scrub(failure.Advice)}). Rows use the table value ({Table.Source}) and their intensity_source says why; "
            + "this kind of failure is not reported again.");
        var fallback = _fallbacks.GetOrAdd(reason, r => new CarbonIntensity(Table.GramsPerKwh, $"table: {Table.Source} ({Name} unavailable: {r})",
            Table.CountryIsoCode, Table.CountryName, Table.Region, Table.CloudProvider, Table.CloudRegion));
        if (failure.Kind != "config")
        {
            var pause = failure.RetryAfter is { } after && after > RefreshPeriod ? after : RefreshPeriod;
            Volatile.Write(ref _lastFailure, IntensityFetch.Completed(fallback));
            Volatile.Write(ref _quietUntil, Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));
        }
        return fallback;
    }

    /// <summary>True (with the last failure's outcome) while requests pause after a failure.</summary>
    protected bool InPauseAfterFailure(out IntensityFetch lastFailure)
    {
        lastFailure = Volatile.Read(ref _lastFailure)!;
        return lastFailure is not null && Stopwatch.GetTimestamp() < Volatile.Read(ref _quietUntil);
    }

    /// <summary>Starts <paramref name="fetch"/> on the thread pool; its failures become the table's value.</summary>
    protected IntensityFetch Start(Func<CancellationToken, Task<CarbonIntensity>> fetch)
    {
        var task = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                return await fetch(timeout.Token).ConfigureAwait(false);
            }
            catch (FetchFailedException ex)
            {
                return Fail(ex.Failure);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return Fail(FetchFailure.Timeout(Timeout));
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                return Fail(FetchFailure.Network(Scrub(Innermost(ex).Message)));
            }
            catch (Exception ex)
            {
                return Fail(FetchFailure.Network($"{ex.GetType().Name}: {Scrub(ex.Message)}"));
            }
        });
        return IntensityFetch.Pending(task, Timeout, () => Fail(FetchFailure.Timeout(Timeout)));
    }

    /// <summary>GETs <paramref name="uri"/> and parses the JSON answer; anything but a 2xx JSON document throws <see cref="FetchFailedException"/>.</summary>
    protected async Task<JsonDocument> GetJsonAsync(Uri uri, Action<HttpRequestMessage>? authorize, string credentialHint, string placeHint, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        authorize?.Invoke(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new FetchFailedException(FetchFailure.Http(response.StatusCode, response.ReasonPhrase, ErrorDetail(body), credentialHint, placeHint, RetryAfter(response)));
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FetchFailedException(FetchFailure.Malformed($"not JSON ({Shorten(ex.Message)})"));
        }
    }

    /// <summary>A required finite, non-negative number property of <paramref name="root"/>.</summary>
    protected static double RequiredIntensity(JsonElement root, string property)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(property, out var value))
            throw new FetchFailedException(FetchFailure.Malformed($"no '{property}'"));
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var grams) || double.IsNaN(grams) || double.IsInfinity(grams) || grams < 0)
            throw new FetchFailedException(FetchFailure.Malformed($"'{property}' is not a number of g/kWh ({Shorten(value.GetRawText())})"));
        return grams;
    }

    /// <summary>An intensity served by this provider, with the table's place fields.</summary>
    protected CarbonIntensity Served(double gramsPerKwh, string source)
        => new(gramsPerKwh, Scrub(source), Table.CountryIsoCode, Table.CountryName, Table.Region, Table.CloudProvider, Table.CloudRegion);

    /// <summary>Removes the secret from any text (a server may echo what it was sent).</summary>
    protected string Scrub(string text) => _secret is null || text.Length == 0 ? text : text.Replace(_secret, "***");

    /// <summary>UTC, to the second, as the APIs and rows write it: <c>2026-12-07T02:00:00Z</c>.</summary>
    protected static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string? ErrorDetail(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var name in new[] { "message", "error", "detail", "title" })
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                    return Shorten(Scrub(text));
        }
        catch (JsonException) { }
        return null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date && date > DateTimeOffset.UtcNow)
            return date - DateTimeOffset.UtcNow;
        return null;
    }

    private static string Shorten(string text)
    {
        var flat = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return flat.Length <= 120 ? flat : flat.Substring(0, 117) + "...";
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Carries a <see cref="FetchFailure"/> out of a request; caught in <see cref="Start"/>, never leaves the provider.</summary>
    protected sealed class FetchFailedException : Exception
    {
        public FetchFailedException(FetchFailure failure) : base(failure.Reason) => Failure = failure;

        public FetchFailure Failure { get; }
    }
}
