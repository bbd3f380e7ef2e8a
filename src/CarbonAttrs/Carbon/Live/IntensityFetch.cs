using System.Diagnostics;

namespace CarbonAttrs.Carbon.Live;

/// <summary>
/// One request to a live provider, shared by every row whose value it decides. Its task never faults: it ends with
/// the served intensity or the table's fallback. The ledger writer waits for it until <see cref="DeadlineTimestamp"/>
/// at most; past that, the rows it decides take the table value (and every later look-up agrees: one outcome per fetch).
/// </summary>
internal sealed class IntensityFetch
{
    private readonly Task<CarbonIntensity>? _task;
    private readonly Func<CarbonIntensity>? _onDeadline;
    private CarbonIntensity? _outcome;

    private IntensityFetch(Task<CarbonIntensity>? task, CarbonIntensity? outcome, long deadlineTimestamp, Func<CarbonIntensity>? onDeadline)
    {
        _task = task;
        _outcome = outcome;
        DeadlineTimestamp = deadlineTimestamp;
        _onDeadline = onDeadline;
        StartedTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>A fetch in flight; <paramref name="onDeadline"/> gives the value when it has not answered by the deadline.</summary>
    public static IntensityFetch Pending(Task<CarbonIntensity> task, TimeSpan timeout, Func<CarbonIntensity> onDeadline)
        => new(task, null, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency), onDeadline);

    /// <summary>An outcome already known (a cached failure, no configuration).</summary>
    public static IntensityFetch Completed(CarbonIntensity outcome) => new(null, outcome, 0, null);

    /// <summary>When the request started (<see cref="Stopwatch"/> ticks).</summary>
    public long StartedTimestamp { get; }

    /// <summary>After this the ledger writer stops waiting (<see cref="Stopwatch"/> ticks).</summary>
    public long DeadlineTimestamp { get; }

    /// <summary>True once the outcome is known: served or fallen back.</summary>
    public bool IsDone => OutcomeIfDone is not null;

    /// <summary>The outcome if known now, without waiting; null while the request is in flight.</summary>
    public CarbonIntensity? OutcomeIfDone
    {
        get
        {
            var outcome = Volatile.Read(ref _outcome);
            if (outcome is not null)
                return outcome;
            return _task is { IsCompleted: true } task ? Settle(task.Result) : null;
        }
    }

    /// <summary>The outcome, waiting until the deadline at most (called by the ledger writer, never on a tracked call).</summary>
    public CarbonIntensity Resolve()
    {
        if (OutcomeIfDone is { } done)
            return done;
        var remaining = DeadlineTimestamp - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            try { _task!.Wait(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency)); }
            catch (AggregateException) { } // the task never faults; belt and braces
        }
        return OutcomeIfDone ?? Settle(_onDeadline!());
    }

    private CarbonIntensity Settle(CarbonIntensity candidate)
        => Interlocked.CompareExchange(ref _outcome, candidate, null) ?? candidate;
}
