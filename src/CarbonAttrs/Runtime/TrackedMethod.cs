using System.ComponentModel;
using System.Diagnostics;

namespace CarbonAttrs.Runtime;

/// <summary>
/// Per-method state used by generated code (one static instance per tracked method): its settings
/// and, in <c>Summarize</c> mode, the running totals of its calls. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class TrackedMethod
{
    private TrackerRuntime? _registeredWith;
    private RowFloodGuard? _floodGuard; // per-row methods: the flood guard of the current runtime
    private LoopMembership? _loop;       // per-row methods: the loop progress the current budget keeps for this method
    // Summary totals: integers so they can be added without a lock (energy in nanojoules).
    private long _calls, _failed, _cancelled, _durationTicks, _cpuNj, _gpuNj, _ramNj, _cpuMicroseconds, _gpuUtilizationMicroseconds, _longCalls;
    private long _firstStartUtcTicks;

    /// <summary>Creates the state of one tracked method.</summary>
    public TrackedMethod(string name, string? experiment, bool summarize, bool recordArguments, bool recordResult)
    {
        Name = name;
        Experiment = experiment;
        Summarize = summarize;
        RecordArguments = recordArguments && !summarize;
        RecordResult = recordResult && !summarize;
    }

    /// <summary>Name written to the ledger.</summary>
    public string Name { get; }
    /// <summary>Experiment written to the ledger.</summary>
    public string? Experiment { get; }
    /// <summary>One row for all calls instead of one per call.</summary>
    public bool Summarize { get; }
    /// <summary>Whether arguments are recorded (never in <c>Summarize</c> mode: calls differ).</summary>
    public bool RecordArguments { get; }
    /// <summary>Whether numeric results are recorded (never in <c>Summarize</c> mode).</summary>
    public bool RecordResult { get; }

    /// <summary>Opens the measurement of one call.</summary>
    /// <exception cref="CarbonBudgetExceededException">The runtime carbon budget is exceeded and its action is <c>stop</c>: the call must not run.</exception>
    public TrackedCall Begin()
    {
        var runtime = TrackerRuntime.CurrentOrNull();
        if (runtime is null)
            return default;
        runtime.Budget.ThrowIfRefusing(Name);
        if (!Summarize)
        {
            var guard = Volatile.Read(ref _floodGuard);
            if (guard is null || !ReferenceEquals(guard.Runtime, runtime))
                guard = NewFloodGuard(runtime);
            if (!guard.Tripped)
            {
                var window = new CarbonWindow(runtime, Name, Experiment);
                if (guard.Enabled && guard.CountRow(window.StartTimestamp) && guard.Trip(Name, window.StartTimestamp))
                    runtime.RegisterFlooded(this);
                return new TrackedCall(this, window, runtime, 0, null);
            }
            // Flooded: summarized from here on, as if Summarize were set.
        }

        if (!ReferenceEquals(Volatile.Read(ref _registeredWith), runtime))
            Register(runtime);
        if (WindowEdgeHooks.Registered is { } hooks)
            WindowEdgeHooks.Run(hooks, WindowEdge.Opening);
        var start = Stopwatch.GetTimestamp();
        return new TrackedCall(this, null, runtime, start, runtime.Sampler?.Latest);
    }

    /// <summary>
    /// The progress <paramref name="budget"/> keeps for the loop that runs this method per iteration, or null when no
    /// recorded loop does. Looked up by name once per budget (a new runtime has a new one), then kept here: a per-row
    /// call's close does not hash the method's qualified name.
    /// </summary>
    internal LoopProgress? LoopProgressIn(CarbonBudget budget)
    {
        var loop = Volatile.Read(ref _loop);
        if (loop is null || !ReferenceEquals(loop.Budget, budget))
            Volatile.Write(ref _loop, loop = new LoopMembership(budget, budget.LoopProgressOf(Name)));
        return loop.Progress;
    }

    // One object, so a reader never pairs one budget with another budget's progress.
    private sealed class LoopMembership
    {
        public LoopMembership(CarbonBudget budget, LoopProgress? progress)
        {
            Budget = budget;
            Progress = progress;
        }

        public CarbonBudget Budget { get; }
        public LoopProgress? Progress { get; }
    }

    private RowFloodGuard NewFloodGuard(TrackerRuntime runtime)
    {
        var guard = new RowFloodGuard(runtime, runtime.Options.MaxRowsPerSecond);
        Volatile.Write(ref _floodGuard, guard);
        return guard;
    }

    private void Register(TrackerRuntime runtime)
    {
        lock (this)
        {
            if (ReferenceEquals(_registeredWith, runtime))
                return;
            runtime.RegisterSummarized(this);
            Interlocked.CompareExchange(ref _firstStartUtcTicks, DateTime.UtcNow.Ticks, 0);
            Volatile.Write(ref _registeredWith, runtime);
        }
    }

    internal void AddCall(TrackerRuntime runtime, long startTimestamp, Energy.EnergySnapshot? startSnapshot, WindowStatus status)
    {
        if (WindowEdgeHooks.Registered is { } hooks)
            WindowEdgeHooks.Run(hooks, WindowEdge.Closing);
        var end = Stopwatch.GetTimestamp();
        var energy = runtime.EnergyBetween(startTimestamp, startSnapshot, end);
        Interlocked.Increment(ref _calls);
        if (status == WindowStatus.Failed) Interlocked.Increment(ref _failed);
        else if (status == WindowStatus.Cancelled) Interlocked.Increment(ref _cancelled);
        Interlocked.Add(ref _durationTicks, end - startTimestamp);
        Interlocked.Add(ref _cpuNj, (long)(energy.CpuJoules * 1e9));
        // Each locked add costs a few nanoseconds on a shared cache line: skip the ones that add nothing
        // (no GPU source), and count the rare calls longer than a sampling period instead of the many shorter ones.
        var gpuNj = (long)(energy.GpuJoules * 1e9);
        if (gpuNj != 0) Interlocked.Add(ref _gpuNj, gpuNj);
        Interlocked.Add(ref _ramNj, (long)(energy.RamJoules * 1e9));
        Interlocked.Add(ref _cpuMicroseconds, (long)(energy.ProcessCpuSeconds * 1e6));
        var gpuUtilization = (long)(energy.GpuUtilizationSeconds * 1e6);
        if (gpuUtilization != 0) Interlocked.Add(ref _gpuUtilizationMicroseconds, gpuUtilization);
        if (runtime.Sampler is not { } sampler || !sampler.IsShorterThanPeriod(end - startTimestamp)) Interlocked.Increment(ref _longCalls);

        AddToSpendIfUnwindowed(runtime, energy, end);
    }

    // No window measured this call: outside any window, only the budget's own count adds it to the spend (inside one,
    // that window's close counts it).
    private void AddToSpendIfUnwindowed(TrackerRuntime runtime, Energy.EnergyReading energy, long endTimestamp)
    {
        if (CarbonWindow.Current is not null)
            return;
        var kwh = CarbonMeasurement.GridKwh(energy.CpuJoules + energy.GpuJoules + energy.RamJoules, runtime.Options.Pue);
        runtime.Budget.OnUnwindowedCall(this, CarbonMeasurement.EmissionsKgOf(kwh, runtime.Intensity), endTimestamp);
    }

    /// <summary>The row for the calls since the last summary, or null when there were none; resets the totals.</summary>
    internal CarbonMeasurement? TakeSummary(TrackerRuntime runtime)
    {
        var calls = Interlocked.Exchange(ref _calls, 0);
        if (calls == 0)
            return null;
        var failed = Interlocked.Exchange(ref _failed, 0);
        var cancelled = Interlocked.Exchange(ref _cancelled, 0);
        var shortCalls = Math.Max(0, calls - Interlocked.Exchange(ref _longCalls, 0));
        var duration = Interlocked.Exchange(ref _durationTicks, 0);
        var energy = new Energy.EnergyReading(
            Interlocked.Exchange(ref _cpuNj, 0) / 1e9,
            Interlocked.Exchange(ref _gpuNj, 0) / 1e9,
            Interlocked.Exchange(ref _ramNj, 0) / 1e9,
            Interlocked.Exchange(ref _cpuMicroseconds, 0) / 1e6,
            Interlocked.Exchange(ref _gpuUtilizationMicroseconds, 0) / 1e6);
        var firstStart = Interlocked.Exchange(ref _firstStartUtcTicks, DateTime.UtcNow.Ticks);
        var status = failed > 0 ? WindowStatus.Failed : cancelled > 0 ? WindowStatus.Cancelled : WindowStatus.Ok;
        return runtime.Build(Guid.NewGuid(), null, Name, Experiment, new DateTimeOffset(firstStart, TimeSpan.Zero),
            TrackerRuntime.ElapsedTime(duration), status, calls, energy, interpolated: shortCalls * 2 > calls, null, null,
            endedAt: DateTimeOffset.UtcNow); // a summary spans its first call to now (its duration is the calls' sum)
    }
}
