using System.Diagnostics.Metrics;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs;

/// <summary>
/// The runtime carbon budget of this process (<c>CARBONATTRS_BUDGET_KG</c>) and what the tracked loops are projected
/// to emit. Read it from <see cref="CarbonTracker.Budget"/>; pass <see cref="Token"/> to code that should stop when the
/// budget cannot be kept. Every member is safe to read from any thread. See docs/budget.md.
/// </summary>
/// <remarks>
/// Spent: the emissions of this process's finished windows, each joule once: a nested window's emissions are added
/// when it closes, and its parent later adds only what its children did not already count. A call of a <c>Summarize</c>
/// method is added as it ends when no window encloses it (inside one, that window counts it). Projected: spent plus what
/// the running loop's remaining runs are expected to emit (its per-iteration method's mean run so far × the runs
/// left), when the build recorded that loop and its size. Works the same on measured and estimated energy.
/// </remarks>
public sealed partial class CarbonBudget
{
    private static readonly ObservableGauge<double> ProjectedGauge = Telemetry.CarbonTelemetry.Meter.CreateObservableGauge(
        "carbonattrs.loop.projected_emissions", ObserveProjections, "kg",
        "Projected emissions of each running tracked loop (mean run so far × loop size), tagged with the loop and its method.");
    private static readonly ObservableGauge<double> SpentGauge = Telemetry.CarbonTelemetry.Meter.CreateObservableGauge(
        "carbonattrs.budget.spent", () => Latest?.SpentKgCO2e ?? 0, "kg", "Emissions of this process's finished windows (nested counted once).");

    private static CarbonBudget? _latest;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lazy<TrackedLoopInventory> _inventory;
    private readonly Dictionary<string, LoopProgress> _loops = new(StringComparer.Ordinal);
    private LoopProgress? _running;
    // The last window name looked up and its loop's progress (null: not a loop's method). Consecutive windows of the
    // same method carry the same name instance, so a per-row method in a loop skips both dictionary look-ups
    // (string hashing of a qualified name) on the calling thread.
    private string? _lastName;
    private LoopProgress? _lastProgress;
    private double _spentKg;
    private readonly bool _hasLimit; // LimitKgCO2e is not null: one field read on the per-row path
    private volatile bool _exceeded;
    private volatile bool _refusing;

    internal CarbonBudget(double? limitKg, BudgetAction action, Func<TrackedLoopInventory>? inventory = null)
    {
        LimitKgCO2e = limitKg;
        _hasLimit = limitKg is not null;
        Action = action;
        _inventory = new Lazy<TrackedLoopInventory>(inventory ?? TrackedLoopInventory.Load);
        _ = ProjectedGauge;
        _ = SpentGauge;
        Volatile.Write(ref _latest, this);
    }

    /// <summary>A budget that never trips (tracking disabled or not started).</summary>
    internal static CarbonBudget Unlimited { get; } = new(null, BudgetAction.Warn, () => TrackedLoopInventory.Empty);

    private static CarbonBudget? Latest => Volatile.Read(ref _latest);

    /// <summary>The budget in kg CO2eq, or null when none is set.</summary>
    public double? LimitKgCO2e { get; }

    /// <summary>What happens once it is exceeded.</summary>
    public BudgetAction Action { get; }

    /// <summary>Emissions of this process's finished windows so far, in kg CO2eq (nested windows counted once).</summary>
    public double SpentKgCO2e
    {
        get { lock (_gate) return SpentLocked(); }
    }

    /// <summary>
    /// <see cref="SpentKgCO2e"/> plus the projected rest of the running loop, in kg CO2eq; null when no loop of known
    /// size is running (the build did not record one, or its size is unknown at compile time).
    /// </summary>
    public double? ProjectedKgCO2e
    {
        get { lock (_gate) return ProjectedLocked(); }
    }

    /// <summary>True once spent, or spent plus the projected rest of the running loop, exceeded the budget. Never reset.</summary>
    public bool IsExceeded => _exceeded;

    /// <summary>Cancelled once <see cref="IsExceeded"/> becomes true; never cancelled without a budget.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Throws <see cref="CarbonBudgetExceededException"/> when calls are being refused (action <c>stop</c>). One volatile read otherwise.</summary>
    internal void ThrowIfRefusing(string method)
    {
        if (_refusing)
            throw new CarbonBudgetExceededException(method, LimitKgCO2e ?? 0, SpentKgCO2e, ProjectedKgCO2e, Token);
    }

    /// <summary>
    /// Adds a finished window: its emissions (less what its children already added), then, when its name is the
    /// per-iteration method of a recorded loop, the loop's progress line; then checks the budget.
    /// </summary>
    /// <param name="window">The window that closed (its parent learns what its children already counted).</param>
    /// <param name="measurement">What it measured.</param>
    /// <param name="endTimestamp">The window's end (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>): paces the progress lines without another clock read.</param>
    /// <param name="method">The tracked method whose generated call the window measured, or null for a window opened by
    /// hand: it keeps what this budget knows about it (<see cref="Runtime.TrackedMethod.LoopProgressIn"/>), and its
    /// top-level calls may be added on this thread's own totals (see <see cref="TryAddOnThisThread"/>).</param>
    internal void OnWindowClosed(CarbonWindow window, CarbonMeasurement measurement, long endTimestamp, Runtime.TrackedMethod? method = null)
    {
        var own = measurement.EmissionsKg;
        if (double.IsNaN(own) || double.IsInfinity(own) || own < 0)
            own = 0;
        var progress = method is null ? null : method.LoopProgressIn(this);
        if (method is not null && window.Parent is null && TryAddOnThisThread(own - window.ChildrenCountedKg, own, progress, endTimestamp))
            return;

        string? line = null;
        string? tripped = null;
        lock (_gate)
        {
            if (window.Parent is { } parent)
                parent.ChildrenCountedKg += Math.Max(own, window.ChildrenCountedKg);
            if (method is null)
                progress = ProgressOf(measurement.Name);
            AddLocked(Math.Max(0, own - window.ChildrenCountedKg), own, progress, endTimestamp, ref line, ref tripped);
        }

        WriteLineAndWarn(line, tripped);
    }

    /// <summary>
    /// Adds a call that no window measured: a call of a <c>Summarize</c> method, or of a per-row method after its flood
    /// guard tripped, made outside any window. Nothing else would count it (a call inside a window is counted by that
    /// window's close, each joule once), and a loop whose per-iteration method is summarized is projected from these runs.
    /// </summary>
    /// <param name="method">The tracked method.</param>
    /// <param name="kg">The call's emissions, at the runtime's configured intensity (a summary row may later take a live
    /// provider's value for the whole interval).</param>
    /// <param name="endTimestamp">The call's end (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
    internal void OnUnwindowedCall(Runtime.TrackedMethod method, double kg, long endTimestamp)
    {
        if (double.IsNaN(kg) || double.IsInfinity(kg) || kg < 0)
            kg = 0;
        var progress = method.LoopProgressIn(this);
        if (TryAddOnThisThread(kg, kg, progress, endTimestamp))
            return;

        string? line = null;
        string? tripped = null;
        lock (_gate)
            AddLocked(kg, kg, progress, endTimestamp, ref line, ref tripped);
        WriteLineAndWarn(line, tripped);
    }

    // Under _gate: the spend, the loop's run (with its line when one is due), then the limit.
    private void AddLocked(double spentKg, double ownKg, LoopProgress? progress, long endTimestamp, ref string? line, ref string? tripped)
    {
        _spentKg += spentKg;
        if (progress is not null)
        {
            progress.Add(ownKg);
            _running = progress;
            if (progress.ShouldDescribe(endTimestamp))
                line = progress.Describe();
        }

        if (!_exceeded && LimitKgCO2e is { } limit)
        {
            var spent = SpentLocked();
            var projected = ProjectedLocked();
            if (spent > limit || projected > limit)
            {
                _exceeded = true;
                _refusing = Action == BudgetAction.Stop;
                tripped = Explain(limit, spent, projected);
            }
        }
    }

    private void WriteLineAndWarn(string? line, string? tripped)
    {
        if (line is not null)
            WriteLine(line);
        if (tripped is not null)
        {
            // Keyed per budget: a runtime replaced by CarbonTracker.Configure has a new budget that may trip again.
            TrackerLog.Warn("budget-exceeded:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this), tripped);
            try { _cancellation.Cancel(); }
            catch (AggregateException ex) { TrackerLog.Warn("budget-token", $"a callback registered on CarbonTracker.Budget.Token threw ({ex.InnerException?.Message}); ignored."); }
        }
    }

    /// <summary>The progress of the loop that runs <paramref name="method"/> per iteration, or null when no recorded loop does.</summary>
    internal LoopProgress? LoopProgressOf(string method)
    {
        lock (_gate)
            return ProgressOf(method);
    }

    // Under _gate.
    private LoopProgress? ProgressOf(string name)
    {
        if (ReferenceEquals(name, _lastName))
            return _lastProgress;
        LoopProgress? progress = null;
        if (_inventory.Value.TryGet(name, out var loop) && !_loops.TryGetValue(name, out progress))
            _loops.Add(name, progress = new LoopProgress(name, loop));
        (_lastName, _lastProgress) = (name, progress);
        return progress;
    }

    private double? ProjectedLocked()
        => _running is { ActiveSize: not null } running ? SpentLocked() + running.RemainingKgAfter(PendingRunsLocked(running)) : null;

    private string Explain(double limit, double spent, double? projected)
    {
        var why = spent > limit
            ? $"{BudgetUnits.Co2(spent)} spent"
            : $"{BudgetUnits.Co2(spent)} spent and {BudgetUnits.Co2(projected!.Value)} projected by the end of {_running!.Loop!.Location} {_running.Method} \u00d7 {_running.Loop.Size}";
        var then = Action == BudgetAction.Stop
            ? "every further call of a tracked method throws CarbonBudgetExceededException"
            : "CarbonTracker.Budget.Token is cancelled; set CARBONATTRS_BUDGET_ACTION=stop to refuse further tracked calls";
        return $"the carbon budget of {BudgetUnits.Co2(limit)} CO2eq (CARBONATTRS_BUDGET_KG) is exceeded: {why}. {then}.";
    }

    // One stderr line per run of a loop's method (throttled past the first runs, see LoopProgress.ShouldDescribe):
    // what a user watching a sweep wants to see.
    private static void WriteLine(string line)
    {
        try
        {
            LineSink?.Invoke(line);
            Console.Error.WriteLine(line);
        }
        catch
        {
            // A broken console must never reach the user's program.
        }
    }

    /// <summary>Test seam: receives each projection line too.</summary>
    internal static Action<string>? LineSink { get; set; }

    private static IEnumerable<Measurement<double>> ObserveProjections()
    {
        var budget = Latest;
        if (budget is null)
            return Array.Empty<Measurement<double>>();
        lock (budget._gate)
        {
            return budget._loops.Values
                .Where(p => p.ProjectedKg is not null)
                .Select(p => new Measurement<double>(p.ProjectedKg!.Value,
                    new KeyValuePair<string, object?>(Telemetry.CarbonTelemetry.MethodTag, p.Method),
                    new KeyValuePair<string, object?>("carbonattrs.loop", p.Loop!.Location)))
                .ToArray();
        }
    }
}
