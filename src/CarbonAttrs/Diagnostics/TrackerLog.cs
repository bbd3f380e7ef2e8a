using System.Collections.Concurrent;

namespace CarbonAttrs.Diagnostics;

/// <summary>Severity of a tracker message.</summary>
public enum TrackerMessageLevel
{
    /// <summary>Details only shown with <c>CARBONATTRS_LOG_LEVEL=debug</c>.</summary>
    Debug,
    /// <summary>Something the user should fix; measurement continues with a fallback.</summary>
    Warning,
}

/// <summary>
/// The tracker's only voice: each distinct problem is said once per process (on stderr, and to
/// <see cref="Sink"/> when set), never thrown.
/// </summary>
internal static class TrackerLog
{
    private static readonly ConcurrentDictionary<string, byte> Said = new();

    /// <summary>Receives every message (tests, hosts that route to their own logger).</summary>
    public static Action<TrackerMessageLevel, string>? Sink { get; set; }

    public static bool DebugEnabled { get; set; } =
        string.Equals(Environment.GetEnvironmentVariable("CARBONATTRS_LOG_LEVEL"), "debug", StringComparison.OrdinalIgnoreCase);

    public static void Warn(string key, string message) => Say(TrackerMessageLevel.Warning, key, message);

    public static void Debug(string key, string message) => Say(TrackerMessageLevel.Debug, key, message);

    private static void Say(TrackerMessageLevel level, string key, string message)
    {
        if (!Said.TryAdd(level + ":" + key, 0))
            return;
        try
        {
            Sink?.Invoke(level, message);
            if (level == TrackerMessageLevel.Warning || DebugEnabled)
                Console.Error.WriteLine($"carbonattrs: {(level == TrackerMessageLevel.Warning ? "warning" : "debug")}: {message}");
        }
        catch
        {
            // A broken console or sink must never reach the user's program.
        }
    }

    /// <summary>Forgets what was said, so a test can check a message appears.</summary>
    internal static void ResetForTests() => Said.Clear();
}
