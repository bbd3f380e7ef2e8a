using CarbonAttrs.Configuration;

namespace CarbonAttrs;

/// <summary>
/// Entry point for code that cannot take <see cref="TrackEmissionsAttribute"/>: open windows, configure,
/// flush. Nothing here throws into user code.
/// </summary>
public static class CarbonTracker
{
    /// <summary>Opens a measurement window; dispose it to record its ledger row.</summary>
    /// <param name="name">Written to the <c>method</c> column.</param>
    /// <param name="experiment">Written to the <c>experiment_id</c> column.</param>
    public static CarbonWindow Track(string name, string? experiment = null)
        => new(TrackerRuntime.CurrentOrNull(), name ?? "", experiment, guardAgainstAbandon: true);

    /// <summary>
    /// Changes the settings from code (over <c>carbonattrs.json</c> and the environment). Call it early:
    /// rows of windows still open are recorded with the new settings.
    /// </summary>
    public static void Configure(Action<CarbonAttrsOptions> configure)
    {
        if (configure is null)
            return;
        var options = OptionsLoader.LoadFromProcess();
        try { configure(options); }
        catch (Exception ex)
        {
            Diagnostics.TrackerLog.Warn("configure", $"CarbonTracker.Configure threw ({ex.Message}); the settings before the exception are used.");
        }
        TrackerRuntime.Replace(options);
    }

    /// <summary>The settings in force (a copy).</summary>
    public static CarbonAttrsOptions Options => TrackerRuntime.CurrentOrNull()?.Options.Clone() ?? OptionsLoader.LoadFromProcess();

    /// <summary>Path of the ledger rows are appended to, once known.</summary>
    public static string? LedgerPath => TrackerRuntime.CurrentOrNull()?.Ledger.CurrentPath;

    /// <summary>
    /// Writes summaries of <c>Summarize</c> methods (one row per method for the calls since the last
    /// flush) and every pending row, and waits until they are on disk. Runs by itself at process exit.
    /// </summary>
    public static void Flush() => TrackerRuntime.CurrentOrNull()?.Flush();

    /// <summary>Raised (on the closing thread) after each window or summary is measured.</summary>
    public static event Action<CarbonMeasurement>? Measured
    {
        add => TrackerRuntime.MeasuredHandlers += value;
        remove => TrackerRuntime.MeasuredHandlers -= value;
    }
}
