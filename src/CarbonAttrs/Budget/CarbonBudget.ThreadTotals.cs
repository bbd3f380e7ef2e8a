using System.Diagnostics;

namespace CarbonAttrs;

// Per-thread totals for the per-row hot path. Why: on a per-row method's calling thread, a lock or an interlocked
// operation at every close cost ~90 ns in place (pinned to one core: the close comes right after the row is copied
// into the ledger queue, and a locked instruction waits for those stores), against ~15 ns in isolation; it was most of
// what issue 13's per-row figure gained over its base. A top-level generated call, when no limit is set, is added to its
// own thread's totals with plain writes instead:
// - the spend is exact at every read: SpentKgCO2e adds every thread's totals to what was added under the lock;
// - loop progress is folded into the loop's LoopProgress under the lock at least every FoldPeriod, and at once for each
//   of a loop's first runs (each gets its line) and for the last run of a loop of known size (its line, as before).
//   Projections and lines past the first runs therefore lag by at most FoldPeriod of this thread's runs.
// With a limit every close takes the lock, so `stop` still refuses the very next call.
public sealed partial class CarbonBudget
{
    /// <summary>Threads that may keep their own totals per budget; past it, threads add under the lock (bounded memory for thread churn).</summary>
    internal const int MaxThreadTotals = 256;

    private static readonly long FoldPeriod = Stopwatch.Frequency / 10; // 100 ms

    // This thread's totals in the budget it last added to. In a class of its own: CarbonBudget has a static constructor
    // (its gauges), and a thread-static of such a class is read through a helper call instead of inline.
    private static class ThisThread
    {
        [ThreadStatic] public static ThreadTotals? Totals;
    }

    private ThreadTotals[] _threadTotals = Array.Empty<ThreadTotals>(); // copy-on-write under _gate

    /// <summary>
    /// Adds a top-level generated call's close to this thread's totals; false when it must take the lock instead (a limit
    /// is set, too many threads, or a loop's run that gets its line at once).
    /// </summary>
    private bool TryAddOnThisThread(double spentKg, double ownKg, LoopProgress? progress, long endTimestamp)
    {
        if (_hasLimit)
            return false;
        var totals = ThisThread.Totals;
        if (totals is null || !ReferenceEquals(totals.Budget, this))
        {
            totals = JoinThisThread();
            if (totals is null)
                return false;
        }

        if (progress is not null)
        {
            if (!ReferenceEquals(totals.Progress, progress) && totals.PendingRuns > 0)
                Fold(totals);
            // The first runs and the last one of a loop of known size get their line at once: the exact locked path.
            var runs = progress.Runs + totals.PendingRuns + 1; // Runs changes under the lock only; a read off it is a heuristic here
            if (runs <= LoopProgress.RunsAlwaysDescribed || progress.Loop?.Size is { } size && runs >= size)
            {
                if (totals.PendingRuns > 0)
                    Fold(totals);
                return false;
            }
            totals.AddRun(progress, ownKg);
        }
        Volatile.Write(ref totals.SpentKg, totals.SpentKg + Math.Max(0, spentKg));

        if (progress is not null && endTimestamp >= totals.FoldDue)
        {
            totals.FoldDue = endTimestamp + FoldPeriod;
            Fold(totals, endTimestamp);
        }
        return true;
    }

    // Under the lock: a new set of totals for the calling thread, or null when MaxThreadTotals threads have theirs.
    private ThreadTotals? JoinThisThread()
    {
        if (ThisThread.Totals is { PendingRuns: > 0 } previous)
            previous.Budget.Fold(previous); // its runs in the budget it last added to (a runtime replaced since)
        lock (_gate)
        {
            if (_threadTotals.Length >= MaxThreadTotals)
                return null;
            var totals = new ThreadTotals(this);
            var all = new ThreadTotals[_threadTotals.Length + 1];
            _threadTotals.CopyTo(all, 0);
            all[all.Length - 1] = totals;
            Volatile.Write(ref _threadTotals, all);
            ThisThread.Totals = totals;
            return totals;
        }
    }

    // The owner thread's pending loop runs into the loop's progress, with its line when one is due.
    private void Fold(ThreadTotals totals, long? nowTimestamp = null)
    {
        string? line = null;
        lock (_gate)
        {
            if (totals.Progress is { } progress && totals.PendingRuns > 0)
            {
                progress.AddRuns(totals.PendingRuns, totals.PendingKg, totals.PendingMinKg, totals.PendingMaxKg);
                _running = progress;
                if (nowTimestamp is { } now && progress.ShouldDescribe(now))
                    line = progress.Describe();
            }
            totals.ClearPending();
        }
        if (line is not null)
            WriteLine(line);
    }

    // Under _gate: runs of the loop's method that threads have finished but not folded in yet (their emissions are in the spend).
    private long PendingRunsLocked(LoopProgress progress)
    {
        var pending = 0L;
        foreach (var totals in _threadTotals)
        {
            if (ReferenceEquals(Volatile.Read(ref totals.Progress), progress))
                pending += Volatile.Read(ref totals.PendingRuns);
        }
        return pending;
    }

    // Under _gate: what was added under the lock plus every thread's own totals.
    private double SpentLocked()
    {
        var spent = _spentKg;
        foreach (var totals in _threadTotals)
            spent += Volatile.Read(ref totals.SpentKg);
        return spent;
    }

    /// <summary>
    /// One thread's additions to one budget. Written by that thread only (and cleared by it under the lock);
    /// <see cref="SpentKg"/>, <see cref="Progress"/> and <see cref="PendingRuns"/> are read by any thread under the lock.
    /// </summary>
    private sealed class ThreadTotals
    {
        public ThreadTotals(CarbonBudget budget) => Budget = budget;

        public CarbonBudget Budget { get; }
        public double SpentKg;
        public long FoldDue;
        // Runs of one loop's method not yet folded into its progress.
        public LoopProgress? Progress;
        public long PendingRuns;
        public double PendingKg, PendingMinKg = double.MaxValue, PendingMaxKg;

        public void AddRun(LoopProgress progress, double kg)
        {
            Volatile.Write(ref Progress, progress);
            Volatile.Write(ref PendingRuns, PendingRuns + 1);
            PendingKg += kg;
            if (kg < PendingMinKg) PendingMinKg = kg;
            if (kg > PendingMaxKg) PendingMaxKg = kg;
        }

        public void ClearPending()
        {
            Volatile.Write(ref PendingRuns, 0);
            PendingKg = 0;
            PendingMinKg = double.MaxValue;
            PendingMaxKg = 0;
        }
    }
}
