using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Energy;

namespace CarbonAttrs;

/// <summary>
/// A measurement window: open it with <see cref="CarbonTracker.Track(string, string?)"/>, dispose it to
/// record one ledger row. Windows nest (the enclosing window, also across <c>await</c> and threads that
/// inherit the execution context, becomes the parent) and every member is safe to call from any thread.
/// </summary>
/// <example><code>
/// using var window = CarbonTracker.Track("train").Record("lr", 0.01);
/// var accuracy = Train();
/// window.SetResult(accuracy);
/// </code></example>
public sealed partial class CarbonWindow : IDisposable
{
    private static readonly AsyncLocal<CarbonWindow?> Ambient = new();

    private readonly TrackerRuntime? _runtime;
    private readonly long _startTimestamp;
    private readonly long _startedAtUtcTicks; // UTC ticks rather than a DateTimeOffset: 8 bytes less per window
    private readonly EnergySnapshot? _startSnapshot; // the sampler's state at the start; extrapolated only if needed
    private readonly CarbonWindow? _parent;
    private readonly (long SoloTicks, double SharedIntegral) _overlapAtOpen;
    private readonly System.Diagnostics.Activity? _activity;
    private readonly AbandonedWindowGuard? _abandonedGuard;
    private List<Hyperparameter>? _hyperparameters;
    private string? _result;
    private int _closed;

    // guardAgainstAbandon: windows the user opens may be forgotten; a top-level one then gets a guard that
    // gives its overlap slot back when it is collected (see AbandonedWindowGuard).
    internal CarbonWindow(TrackerRuntime? runtime, string name, string? experiment, bool guardAgainstAbandon = false)
    {
        _runtime = runtime;
        Name = name;
        Experiment = experiment;
        RunId = RunIds.Next();
        _parent = Ambient.Value;
        if (runtime is not null && WindowEdgeHooks.Registered is { } hooks)
            WindowEdgeHooks.Run(hooks, WindowEdge.Opening);
        _activity = runtime is null ? null : Telemetry.CarbonTelemetry.StartActivity(name);
        _startTimestamp = Stopwatch.GetTimestamp();
        _startedAtUtcTicks = UtcClock.TicksAt(_startTimestamp); // no second clock read per window (see UtcClock)
        _startSnapshot = runtime?.Sampler?.Latest;
        if (_parent is null && runtime is not null)
        {
            _overlapAtOpen = RootWindowOverlap.Shared.Open(_startTimestamp);
            if (guardAgainstAbandon)
                _abandonedGuard = new AbandonedWindowGuard(name);
        }
        Ambient.Value = this;
    }

    /// <summary>The innermost open window of the current execution context, if any.</summary>
    public static CarbonWindow? Current => Ambient.Value;

    /// <summary>Unique id (<c>run_id</c>).</summary>
    public Guid RunId { get; }
    /// <summary>Id of the enclosing window when this one opened (<c>parent_run_id</c>).</summary>
    public Guid? ParentRunId => _parent?.RunId;
    /// <summary>Name (<c>method</c>).</summary>
    public string Name { get; }
    /// <summary>Experiment (<c>experiment_id</c>).</summary>
    public string? Experiment { get; }
    /// <summary>When the window opened.</summary>
    public DateTimeOffset StartedAt => new(_startedAtUtcTicks, TimeSpan.Zero);
    /// <summary>Current status; final once disposed.</summary>
    public WindowStatus Status { get; private set; }
    /// <summary>What was measured, once the window is closed; null while open or when tracking is disabled.</summary>
    public CarbonMeasurement? Measurement { get; private set; }

    /// <summary>The enclosing window when this one opened.</summary>
    internal CarbonWindow? Parent => _parent;

    /// <summary>Emissions its closed children already added to the runtime budget (guarded by the budget's lock).</summary>
    internal double ChildrenCountedKg { get; set; }

    /// <summary>Records a hyperparameter (a number, bool, string or enum) under <paramref name="name"/>.</summary>
    public CarbonWindow Record(string name, object? value)
    {
        // The list is created on first use (most windows record nothing) and is its own lock.
        var list = Volatile.Read(ref _hyperparameters)
            ?? Interlocked.CompareExchange(ref _hyperparameters, new List<Hyperparameter>(), null)
            ?? _hyperparameters!;
        lock (list)
            list.Add(new Hyperparameter(name, value));
        return this;
    }

    /// <summary>Records the result (e.g. validation accuracy) in the <c>result</c> column.</summary>
    public void SetResult(double result) => _result = result.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Records a textual result in the <c>result</c> column.</summary>
    public void SetResult(string? result) => _result = result;

    /// <summary>Marks the window failed (or cancelled for an <see cref="OperationCanceledException"/>).</summary>
    public void Fail(Exception? exception = null)
        => Status = exception is OperationCanceledException ? WindowStatus.Cancelled : WindowStatus.Failed;

    /// <summary>Marks the window cancelled.</summary>
    public void Cancel() => Status = WindowStatus.Cancelled;

    /// <summary>Closes the window and records its row. Safe to call more than once; only the first counts.</summary>
    public void Dispose() => Close(null);

    /// <summary>
    /// <see cref="Dispose"/>, for generated code: <paramref name="method"/> is the tracked method whose call this window
    /// measures (it keeps per-method state the runtime budget would otherwise look up by name); null for a window opened by hand.
    /// </summary>
    internal void Close(Runtime.TrackedMethod? method)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        // Restore the parent as ambient only if this window is still the ambient one (out-of-order disposal is tolerated).
        if (ReferenceEquals(Ambient.Value, this))
            Ambient.Value = _parent;
        if (_runtime is null)
            return;
        try
        {
            if (WindowEdgeHooks.Registered is { } hooks)
                WindowEdgeHooks.Run(hooks, WindowEdge.Closing);
            var end = Stopwatch.GetTimestamp();
            _abandonedGuard?.Disarm();
            var share = _parent is null ? RootWindowOverlap.Shared.Close(_startTimestamp, _overlapAtOpen, end) : 1.0;
            var hyperparameters = Volatile.Read(ref _hyperparameters);
            Measurement = _runtime.Measure(this, _startTimestamp, _startSnapshot, end, hyperparameters, _result, share);
            CopyEfficiencyTo(Measurement);
            _runtime.Complete(Measurement, _activity);
            _runtime.Budget.OnWindowClosed(this, Measurement, end, method);
        }
        catch (Exception ex)
        {
            _activity?.Stop();
            Diagnostics.TrackerLog.Warn("window-close", $"a measurement could not be recorded ({ex.GetType().Name}: {ex.Message}); the program continues.");
        }
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the window opened.</summary>
    internal long StartTimestamp => _startTimestamp;

    /// <summary>Restores the parent as the ambient window without closing this one (async wrappers).</summary>
    internal void Detach()
    {
        if (ReferenceEquals(Ambient.Value, this))
            Ambient.Value = _parent;
        if (_activity is not null && ReferenceEquals(System.Diagnostics.Activity.Current, _activity))
            System.Diagnostics.Activity.Current = _activity.Parent;
    }
}
