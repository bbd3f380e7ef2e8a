using System.Net;

namespace CarbonAttrs.Carbon.Live;

/// <summary>
/// Why a live provider gave no value: the text rows carry (<see cref="Reason"/>), the key that keeps the warning to
/// one per kind (<see cref="Kind"/>), and what the user can do (<see cref="Advice"/>). Never holds the token.
/// </summary>
internal sealed class FetchFailure
{
    private FetchFailure(string kind, string reason, string advice, TimeSpan? retryAfter = null)
    {
        Kind = kind;
        Reason = reason;
        Advice = advice;
        RetryAfter = retryAfter;
    }

    /// <summary>One warning per kind: <c>http-401</c>, <c>timeout</c>, <c>network</c>, <c>malformed</c>, <c>config</c>.</summary>
    public string Kind { get; }

    /// <summary>Short text for <c>intensity_source</c>, e.g. <c>401 Unauthorized</c>.</summary>
    public string Reason { get; }

    /// <summary>What to change, for the warning.</summary>
    public string Advice { get; }

    /// <summary>How long the server asked us to wait (HTTP 429/503 <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    public static FetchFailure Http(HttpStatusCode status, string? reasonPhrase, string? detail, string credentialHint, string placeHint, TimeSpan? retryAfter)
    {
        var code = (int)status;
        var phrase = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase!.Trim();
        var reason = $"{code} {phrase}" + (string.IsNullOrEmpty(detail) ? "" : $": {detail}");
        var advice = code switch
        {
            401 or 403 => $"the server refused the credentials: {credentialHint}",
            400 or 404 => $"the server does not know what was asked: {placeHint}",
            429 => "the server is rate limiting; the next request waits for the refresh period (or its Retry-After)",
            >= 500 => "the server failed; it is asked again after the refresh period",
            _ => "unexpected answer",
        };
        return new FetchFailure("http-" + code, reason, advice, retryAfter);
    }

    public static FetchFailure Timeout(TimeSpan timeout)
        => new("timeout", $"no answer within {timeout.TotalSeconds:0.#} s", "the server is slow or unreachable; it is asked again after the refresh period");

    public static FetchFailure Network(string message)
        => new("network", "network error: " + message, "check the URL and that the machine can reach it");

    public static FetchFailure Malformed(string detail)
        => new("malformed", "malformed answer: " + detail, "the server's answer does not follow the documented schema; check the URL points at the right API");

    public static FetchFailure NotConfigured(string detail, string advice)
        => new("config", detail, advice);
}
