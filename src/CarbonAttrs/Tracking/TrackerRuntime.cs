using System.Diagnostics;
using CarbonAttrs.Carbon;
using CarbonAttrs.Configuration;
using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Ledger;
using CarbonAttrs.Runtime;

namespace CarbonAttrs;

/// <summary>
/// Everything a process's tracking shares: settings, hardware facts, the energy sampler, the grid
/// intensity, the ledger and the summaries. Created on first use; replaced by <see cref="CarbonTracker.Configure"/>.
/// </summary>
internal sealed class TrackerRuntime : IDisposable
{
    private static readonly object CreateGate = new();
    private static TrackerRuntime? _current;
    private static bool _created;
    private static int _exitHooked;

    private readonly List<TrackedMethod> _summarized = new();
    private readonly List<TrackedMethod> _flooded = new();
    private Timer? _floodSummaryTimer;

    /// <summary>How often a method the flood guard summarizes gets its row (besides every flush and exit); tests shorten it.</summary>
    internal static TimeSpan FloodSummaryPeriod { get; set; } = TimeSpan.FromSeconds(60);

    internal static event Action<CarbonMeasurement>? MeasuredHandlers;

    private TrackerRuntime(CarbonAttrsOptions options, IBilledProcesses? billed = null)
    {
        billed ??= CurrentProcessBilling.Instance;
        Options = options;
        Hardware = HardwareInfo.Detect();
        Context = RunContext.Detect(options, Environment.GetEnvironmentVariable);
        GridIntensity = GridIntensitySource.Create(options, CarbonIntensityResolver.TimeZoneGuessFor(options));
        Intensity = GridIntensity.Table;
        Sampler = new EnergySampler(EnergySourceFactory.Create(options, Hardware, billed), options.SampleInterval ?? TimeSpan.Zero, billed.CpuSeconds,
            ramUsedGb: MemoryInUse.For(options.TrackingMode));
        Sampler.Start();
        SourceLabels = new SourceLabels(Sampler.ComponentSources);
        Ledger = new EmissionsLedger(options.OutputDirectory, new LedgerRowFormatter(this).Write);
        Budget = new CarbonBudget(options.BudgetKgCO2e, options.BudgetAction);
    }

    public CarbonAttrsOptions Options { get; }
    public HardwareInfo Hardware { get; }
    public RunContext Context { get; }
    /// <summary>The table's intensity: every row's with the table provider, the fallback with a live one.</summary>
    public CarbonIntensity Intensity { get; }
    /// <summary>Decides each row's intensity (table or live provider).</summary>
    public GridIntensitySource GridIntensity { get; }
    public EnergySampler? Sampler { get; }
    public EmissionsLedger Ledger { get; }
    public SourceLabels SourceLabels { get; }
    public CarbonBudget Budget { get; }

    /// <summary>The runtime, created on first use; null when tracking is disabled or could not start.</summary>
    public static TrackerRuntime? CurrentOrNull()
    {
        var current = Volatile.Read(ref _current);
        if (current is not null || Volatile.Read(ref _created))
            return current;
        lock (CreateGate)
        {
            if (!_created)
                Install(OptionsLoader.LoadFromProcess());
            return _current;
        }
    }

    /// <summary>Replaces the runtime with one built from <paramref name="options"/> (flushing the old one).</summary>
    public static void Replace(CarbonAttrsOptions options)
    {
        lock (CreateGate)
        {
            var old = _current;
            Install(options);
            old?.Dispose();
        }
    }

    /// <summary>
    /// A runtime of its own (not the process-wide one) that bills <paramref name="billed"/> instead of this process in
    /// <c>process</c> mode: <c>carbonattrs run</c> measures a command's process tree with it. The caller writes rows
    /// through <see cref="Build"/> and <see cref="Complete"/> and disposes it. Throws when the runtime cannot start.
    /// </summary>
    internal static TrackerRuntime StartFor(CarbonAttrsOptions options, IBilledProcesses billed)
    {
        OptionsSanitizer.Sanitize(options);
        return new TrackerRuntime(options, billed);
    }

    private static void Install(CarbonAttrsOptions options)
    {
        TrackerRuntime? runtime = null;
        if (!options.Disabled)
        {
            OptionsSanitizer.Sanitize(options);
            try { runtime = new TrackerRuntime(options); }
            catch (Exception ex)
            {
                TrackerLog.Warn("runtime-start", $"CarbonAttrs could not start ({ex.GetType().Name}: {ex.Message}); nothing will be measured. The program continues.");
            }
        }
        Volatile.Write(ref _current, runtime);
        Volatile.Write(ref _created, true);
        if (Interlocked.Exchange(ref _exitHooked, 1) == 0)
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Volatile.Read(ref _current)?.Flush();
    }

    internal void RegisterSummarized(TrackedMethod method)
    {
        lock (_summarized)
            _summarized.Add(method);
    }

    /// <summary>
    /// A per-row method the flood guard switched to summaries: written at every flush and exit like a <c>Summarize</c>
    /// method, and also every <see cref="FloodSummaryPeriod"/> (a long run must not keep its rows until exit).
    /// </summary>
    internal void RegisterFlooded(TrackedMethod method)
    {
        lock (_flooded)
        {
            _flooded.Add(method);
            _floodSummaryTimer ??= new Timer(_ => WriteFloodSummaries(), null, FloodSummaryPeriod, FloodSummaryPeriod);
        }
    }

    private void WriteFloodSummaries()
    {
        try
        {
            TrackedMethod[] flooded;
            lock (_flooded)
                flooded = _flooded.ToArray();
            foreach (var method in flooded)
            {
                if (method.TakeSummary(this) is { } row)
                    Complete(row);
            }
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("flood-summary", $"writing a summarized row failed ({ex.Message}); the calls are written at the next flush.");
        }
    }

    /// <summary>Turns a closed interval into a measurement (called off nothing hot: once per row).</summary>
    internal CarbonMeasurement Measure(CarbonWindow window, long startTimestamp, EnergySnapshot? startSnapshot, long endTimestamp,
        IReadOnlyList<Hyperparameter>? hyperparameters, string? result, double share = 1.0)
    {
        // share < 1: other top-level windows were open at the same time (see RootWindowOverlap).
        var energy = EnergyBetween(startTimestamp, startSnapshot, endTimestamp).Scaled(share);
        var measurement = Build(window.RunId, window.ParentRunId, window.Name, window.Experiment, window.StartedAt,
            ElapsedTime(endTimestamp - startTimestamp), window.Status, 1, energy,
            Sampler?.IsShorterThanPeriod(endTimestamp - startTimestamp) ?? false, hyperparameters, result);
        if (share < 1.0)
            measurement.MarkSplit();
        return measurement;
    }

    /// <summary>
    /// Energy drawn between two timestamps. The start edge is interpolated from the sampler's history when it can
    /// be, else extrapolated from <paramref name="startSnapshot"/> (the sampler's state when the window opened),
    /// which is computed only when needed.
    /// </summary>
    internal EnergyReading EnergyBetween(long startTimestamp, EnergySnapshot? startSnapshot, long endTimestamp)
    {
        if (Sampler is null)
            return default;
        var latest = NewestSampleReadingNowIfTheEndWouldBeAGuess(startTimestamp, endTimestamp);
        if (TryEnergyAfterNewestSample(latest, startTimestamp, endTimestamp, out var energy))
            return energy;
        var start = Sampler.TryReadingAt(startTimestamp, out var interpolated)
            ? interpolated
            : startSnapshot?.At(startTimestamp) ?? default;
        return start.Until(Sampler.ReadingAt(endTimestamp));
    }

    /// <summary>Windows at least this long read the counters at their end when no sample has landed since.</summary>
    internal static readonly long DirectReadMinimumTicks = System.Diagnostics.Stopwatch.Frequency / 20; // 50 ms

    // A window that ended after the newest sample reads the counters now (a few hundred µs at most) when
    // extrapolating its end would be a guess:
    // - it lasted 50 ms or more (the read is then under 1 % of it), so its end edge is interpolated between two
    //   real samples instead of extrapolated from the last period's power;
    // - or the sampler has only its first reading, whose power is unknown: extrapolating would record 0 J.
    //   That happens only until the second sample (one period after start), so it costs one read per runtime.
    // Returns the newest sample either way, so the hot path reads the sampler's snapshot once.
    private EnergySnapshot NewestSampleReadingNowIfTheEndWouldBeAGuess(long startTimestamp, long endTimestamp)
    {
        var latest = Sampler!.Latest;
        if (latest.Timestamp < endTimestamp && (!latest.PowerKnown || endTimestamp - startTimestamp >= DirectReadMinimumTicks))
            return Sampler.SampleNow();
        return latest;
    }

    // Most short calls start and end after the newest sample: both edges are then extrapolated from it, and
    // their difference is its power times the interval (one snapshot read instead of two look-ups).
    private static bool TryEnergyAfterNewestSample(EnergySnapshot latest, long startTimestamp, long endTimestamp, out EnergyReading energy)
    {
        if (startTimestamp < latest.Timestamp || endTimestamp < startTimestamp)
        {
            energy = default;
            return false;
        }
        var seconds = (endTimestamp - startTimestamp) / (double)Stopwatch.Frequency;
        var power = latest.Power;
        energy = new EnergyReading(power.CpuJoules * seconds, power.GpuJoules * seconds, power.RamJoules * seconds, power.ProcessCpuSeconds * seconds,
            power.GpuUtilizationSeconds * seconds);
        return true;
    }

    internal CarbonMeasurement Build(Guid runId, Guid? parentRunId, string name, string? experiment, DateTimeOffset startedAt,
        TimeSpan duration, WindowStatus status, long calls, EnergyReading energy, bool interpolated,
        IReadOnlyList<Hyperparameter>? hyperparameters, string? result, DateTimeOffset? endedAt = null)
    {
        var labels = SourceLabels;
        // A live provider decides the row by a fetch the ledger writer waits for (never this thread); the table needs none.
        var liveIntensity = GridIntensity.Live is null ? null : GridIntensity.For(startedAt, endedAt ?? startedAt + duration);
        var sampler = Sampler;
        var seconds = duration.TotalSeconds;
        // Utilisation is a time average: over the window's own length (for a summary, the summed call time).
        var gpuUtilization = sampler is { HasGpuUtilization: true } && seconds > 0
            ? Math.Min(100, energy.GpuUtilizationSeconds / seconds)
            : double.NaN; // NaN: empty column
        var ramUsed = sampler?.Latest.RamUsedGb ?? double.NaN;
        return new CarbonMeasurement(runId,
            parentRunId ?? Context.ParentRunId, // top-level rows nest in an outer `carbonattrs run` row
            name, experiment, startedAt, duration, status, calls, energy,
            labels.For(EnergyComponent.Cpu, interpolated), labels.For(EnergyComponent.Gpu, interpolated), labels.For(EnergyComponent.Ram, interpolated),
            Options.Pue, Intensity, liveIntensity, (IReadOnlyList<Hyperparameter>?)hyperparameters ?? Array.Empty<Hyperparameter>(), result,
            interpolated, gpuUtilization, ramUsed);
    }

    internal static TimeSpan ElapsedTime(long ticks) => TimeSpan.FromTicks((long)(ticks * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));

    /// <summary>Hands a measurement to the ledger, telemetry and the listeners; never throws.</summary>
    internal void Complete(CarbonMeasurement measurement, System.Diagnostics.Activity? activity = null)
    {
        Ledger.Enqueue(measurement);
        try { Telemetry.CarbonTelemetry.Record(measurement, Context, activity); }
        catch (Exception ex) { TrackerLog.Warn("telemetry", $"publishing metrics or a span failed ({ex.Message}); ignored."); }
        var handlers = MeasuredHandlers;
        if (handlers is null)
            return;
        try { handlers(measurement); }
        catch (Exception ex) { TrackerLog.Warn("measured-handler", $"a CarbonTracker.Measured handler threw ({ex.Message}); ignored."); }
    }

    /// <summary>Writes summaries and pending rows, and waits for them to reach the file.</summary>
    public void Flush()
    {
        try
        {
            TrackedMethod[] summarized;
            lock (_summarized)
                summarized = _summarized.ToArray();
            foreach (var method in summarized)
            {
                if (method.TakeSummary(this) is { } row)
                    Complete(row);
            }
            Ledger.Flush();
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("flush", $"flushing the ledger failed ({ex.Message}); the program continues.");
        }
    }

    public void Dispose()
    {
        lock (_flooded)
            _floodSummaryTimer?.Dispose();
        Flush();
        Sampler?.Dispose();
        Ledger.Dispose();
        GridIntensity.Dispose();
    }
}
