using System.Globalization;

namespace CarbonAttrs;

/// <summary>
/// The runs of one loop's per-iteration method seen in this process: k, the emissions so far and the cheapest and
/// dearest run, from which the loop's total is projected (mean × N, range min/max × the runs left).
/// </summary>
internal sealed class LoopProgress
{
    public LoopProgress(string method, TrackedLoop? loop)
    {
        Method = method;
        Loop = loop;
    }

    public string Method { get; }

    /// <summary>The loop, or null when several loops run the method (no size can be told).</summary>
    public TrackedLoop? Loop { get; }

    public long Runs { get; private set; }
    public double SpentKg { get; private set; }
    public double MinKg { get; private set; } = double.MaxValue;
    public double MaxKg { get; private set; }

    public double MeanKg => Runs == 0 ? 0 : SpentKg / Runs;

    /// <summary>The loop's size while its runs are still to come; null when unknown or once k passes it.</summary>
    public long? ActiveSize => Loop?.Size is { } n && Runs < n ? n : null;

    /// <summary>Whole-loop projection (mean × N), or null when N is unknown or exceeded.</summary>
    public double? ProjectedKg => Loop?.Size is { } n && Runs <= n && Runs > 0 ? SpentKg + MeanKg * (n - Runs) : null;

    /// <summary>What the runs still to come are expected to emit (0 when none or unknown).</summary>
    public double RemainingKg => RemainingKgAfter(0);

    /// <summary>
    /// <see cref="RemainingKg"/> when <paramref name="pendingRuns"/> more runs have finished but are not added yet (their
    /// emissions are already in the spend: threads fold their runs in later, see <c>CarbonBudget.ThreadTotals</c>).
    /// </summary>
    public double RemainingKgAfter(long pendingRuns) => ActiveSize is { } n ? MeanKg * Math.Max(0, n - Runs - pendingRuns) : 0;

    /// <summary>Runs after which every one gets its line; past them, a line at most once a second (and for the last run).</summary>
    internal const int RunsAlwaysDescribed = 20;

    private long _lastLineTimestamp;

    /// <summary>
    /// Whether the run just added gets a progress line: each of the first <see cref="RunsAlwaysDescribed"/> runs and the
    /// last run of a loop of known size always, others at most once a second, so a method called in a tight loop (a
    /// per-step method, a flood) does not write a stderr line per call.
    /// </summary>
    public bool ShouldDescribe(long nowTimestamp)
    {
        var due = Runs <= RunsAlwaysDescribed
            || (Loop?.Size is { } n && Runs == n)
            || nowTimestamp - _lastLineTimestamp >= System.Diagnostics.Stopwatch.Frequency;
        if (due)
            _lastLineTimestamp = nowTimestamp;
        return due;
    }

    public void Add(double kg) => AddRuns(1, kg, kg, kg);

    /// <summary>Adds <paramref name="runs"/> runs together (a thread's runs folded in at once, see <c>CarbonBudget.ThreadTotals</c>).</summary>
    public void AddRuns(long runs, double kg, double minKg, double maxKg)
    {
        Runs += runs;
        SpentKg += kg;
        MinKg = Math.Min(MinKg, minKg);
        MaxKg = Math.Max(MaxKg, maxKg);
    }

    /// <summary>
    /// <c>CarbonAttrs: Program.cs:25 Train × 12: 3 of 12 runs, 41 g CO2eq so far, projected 164 g (120–210 g)</c>, or for an
    /// unknown size <c>CarbonAttrs: Program.cs:25 Train: 3 runs, 41 g CO2eq so far, 13.7 g per run</c>.
    /// </summary>
    public string Describe()
    {
        var where = Loop is { } loop ? loop.Location + " " : "";
        var runs = Runs.ToString(CultureInfo.InvariantCulture);
        if (Loop?.Size is { } n && Runs <= n)
        {
            var size = n.ToString(CultureInfo.InvariantCulture);
            var left = n - Runs;
            return $"CarbonAttrs: {where}{Method} \u00d7 {size}: {runs} of {size} runs, {BudgetUnits.Co2(SpentKg)} CO2eq so far, "
                   + $"projected {BudgetUnits.Co2(ProjectedKg!.Value)} ({BudgetUnits.Range(SpentKg + MinKg * left, SpentKg + MaxKg * left)})";
        }
        return $"CarbonAttrs: {where}{Method}: {runs} run{(Runs == 1 ? "" : "s")}, {BudgetUnits.Co2(SpentKg)} CO2eq so far, {BudgetUnits.Co2(MeanKg)} per run";
    }
}
