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

    private static readonly object CodeConfigurationLock = new();
    private static readonly List<Action<CarbonAttrsOptions>> CodeConfigurations = new();

    /// <summary>
    /// Changes the settings from code (over <c>carbonattrs.json</c> and the environment). Call it early:
    /// rows of windows still open are recorded with the new settings. Successive calls compose: the settings
    /// are the file, then the environment, then every <paramref name="configure"/> given so far, in order
    /// (a later call wins only for the settings it changes). A call whose action throws changes nothing, now or later.
    /// </summary>
    public static void Configure(Action<CarbonAttrsOptions> configure)
    {
        if (configure is null)
            return;
        lock (CodeConfigurationLock)
        {
            var options = OptionsLoader.LoadFromProcess();
            foreach (var earlier in CodeConfigurations)
                options = Apply(earlier, options) ?? options;
            if (Apply(configure, options) is { } configured)
            {
                CodeConfigurations.Add(configure);
                options = configured;
            }
            TrackerRuntime.Replace(options);
        }
    }

    /// <summary>The settings after <paramref name="configure"/>, or null when it threw (then none of its changes apply).</summary>
    private static CarbonAttrsOptions? Apply(Action<CarbonAttrsOptions> configure, CarbonAttrsOptions options)
    {
        var copy = options.Clone();
        try
        {
            configure(copy);
            return copy;
        }
        catch (Exception ex)
        {
            Diagnostics.TrackerLog.Warn("configure", $"CarbonTracker.Configure threw ({ex.Message}); none of that call's changes are used.");
            return null;
        }
    }

    /// <summary>Forgets the code configurations (tests that reconfigure the process-wide tracker).</summary>
    internal static void ResetCodeConfiguration()
    {
        lock (CodeConfigurationLock)
            CodeConfigurations.Clear();
    }

    /// <summary>The settings in force (a copy).</summary>
    public static CarbonAttrsOptions Options => TrackerRuntime.CurrentOrNull()?.Options.Clone() ?? OptionsLoader.LoadFromProcess();

    /// <summary>
    /// The runtime carbon budget (<c>CARBONATTRS_BUDGET_KG</c>, <c>CARBONATTRS_BUDGET_ACTION</c>): what this process has
    /// spent, what the running loop is projected to reach, and a token cancelled once the budget cannot be kept.
    /// Replaced, with its token, by <see cref="Configure"/>. See docs/budget.md.
    /// </summary>
    public static CarbonBudget Budget => TrackerRuntime.CurrentOrNull()?.Budget ?? CarbonBudget.Unlimited;

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
