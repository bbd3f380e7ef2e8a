using CarbonAttrs.Footprint.Ledgers;
namespace CarbonAttrs.Cli.Ledgers;

/// <summary>
/// Decides how much of each row counts towards totals, so that every joule is counted once:
/// <list type="number">
/// <item>Rows sharing a <c>run_id</c> are one run (CodeCarbon appends a cumulative row on every flush; a file
/// may be passed twice): the row with the most energy stands for the run, the others are superseded.</item>
/// <item>A row whose <c>parent_run_id</c> names a run present in the data is nested: its energy is already
/// inside its parent's row, so it counts 0. A parent missing from the data makes the row top-level.</item>
/// <item>Top-level <c>machine</c>-mode rows of different processes on one host (ranks; CodeCarbon runs) each saw
/// the whole machine, so where their windows overlap in time the overlap is counted once: rows are taken in
/// start order and each counts the fraction of its duration not already covered by an earlier row of another
/// process on that host (its energy assumed spread evenly over its window). Rows of one process are not
/// de-overlapped here: the runtime already split concurrent windows' energy when it wrote them.
/// <c>process</c>-mode rows are each process's own share and count in full.</item>
/// </list>
/// </summary>
internal static class EnergyAccounting
{
    public static IReadOnlyList<CountedRow> Count(IReadOnlyList<LedgerRow> rows)
    {
        var result = new List<CountedRow>(rows.Count);

        // 1. One row per run id.
        var byRun = new Dictionary<string, LedgerRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!byRun.TryGetValue(row.RunId, out var kept) || Prefer(row, kept))
                byRun[row.RunId] = row;
        }

        var topLevel = new List<LedgerRow>();
        foreach (var row in rows)
        {
            if (!ReferenceEquals(byRun[row.RunId], row))
            {
                result.Add(new CountedRow(row, 0, RowRole.Superseded));
                continue;
            }
            // 2. Nested inside a parent present in the data.
            if (row.ParentRunId is { } parent && parent != row.RunId && byRun.ContainsKey(parent))
            {
                result.Add(new CountedRow(row, 0, RowRole.Nested));
                continue;
            }
            topLevel.Add(row);
        }

        // 3. Overlapping machine-mode rows on one host.
        foreach (var row in topLevel.Where(r => !r.IsMachineMode))
            result.Add(new CountedRow(row, 1, row.ParentRunId is null ? RowRole.TopLevel : RowRole.Orphan));
        foreach (var host in topLevel.Where(r => r.IsMachineMode).GroupBy(r => r.HostKey, StringComparer.Ordinal))
        {
            // Rows come in start order, so every earlier row started no later than this one: what another
            // process's earlier rows cover of this window is [start, that process's latest end so far).
            var coveredUntil = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var row in host.OrderBy(r => r.Start).ThenByDescending(r => r.EnergyKwh))
            {
                var process = ProcessKey(row);
                DateTimeOffset? byOthers = null;
                foreach (var (key, until) in coveredUntil)
                    if (key != process && (byOthers is null || until > byOthers)) byOthers = until;
                var fraction = UncoveredFraction(row.Start, row.End, byOthers);
                var role = fraction < 1 - 1e-9 ? RowRole.Overlapping : row.ParentRunId is null ? RowRole.TopLevel : RowRole.Orphan;
                result.Add(new CountedRow(row, fraction, role));
                if (!coveredUntil.TryGetValue(process, out var mine) || row.End > mine) coveredUntil[process] = row.End;
            }
        }
        return result;
    }

    /// <summary>
    /// Which process wrote a row. The CarbonAttrs runtime already splits the energy of concurrent top-level
    /// windows within one process (their sources end in "(split)"), so only rows of different processes are
    /// de-overlapped here: one process per host and rank. CodeCarbon splits nothing: each of its runs is its own.
    /// </summary>
    private static string ProcessKey(LedgerRow row)
        => row.Format == LedgerFormat.CodeCarbon ? "codecarbon\u0000" + row.RunId : "rank\u0000" + row.Rank;

    private static bool Prefer(LedgerRow candidate, LedgerRow kept)
        => candidate.EnergyKwh > kept.EnergyKwh || (candidate.EnergyKwh == kept.EnergyKwh && candidate.DurationSeconds > kept.DurationSeconds);

    private static double UncoveredFraction(DateTimeOffset start, DateTimeOffset end, DateTimeOffset? coveredUntil)
    {
        if (coveredUntil is not { } until || until <= start)
            return 1;
        var length = (end - start).TotalSeconds;
        if (length <= 0)
            return 0;
        var covered = ((until < end ? until : end) - start).TotalSeconds;
        return Math.Clamp(1 - covered / length, 0, 1);
    }

    /// <summary>Merges intervals into disjoint ones.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Union(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        DateTimeOffset? currentStart = null, currentEnd = null;
        foreach (var (s, e) in intervals.OrderBy(i => i.Start))
        {
            if (currentEnd is { } ce && s <= ce)
            {
                if (e > ce) currentEnd = e;
                continue;
            }
            if (currentStart is { } cs) yield return (cs, currentEnd!.Value);
            currentStart = s;
            currentEnd = e;
        }
        if (currentStart is { } last) yield return (last, currentEnd!.Value);
    }

}

/// <summary>Why a row counts fully, partly or not at all.</summary>
internal enum RowRole
{
    /// <summary>A top-level window: counts in full (or its uncovered share in machine mode).</summary>
    TopLevel,
    /// <summary>Names a parent that is not in the data: treated as top-level.</summary>
    Orphan,
    /// <summary>Inside a parent present in the data: counts 0.</summary>
    Nested,
    /// <summary>Another row of the same run stands for it: counts 0.</summary>
    Superseded,
    /// <summary>A machine-mode row overlapping an earlier one on the same host: counts its uncovered share.</summary>
    Overlapping,
}

/// <summary>A row and the share of it that counts towards totals (0 to 1).</summary>
internal readonly record struct CountedRow(LedgerRow Row, double Fraction, RowRole Role)
{
    public double EnergyKwh => Row.EnergyKwh * Fraction;
    public double CpuKwh => Row.CpuKwh * Fraction;
    public double GpuKwh => Row.GpuKwh * Fraction;
    public double RamKwh => Row.RamKwh * Fraction;
    public double EmissionsKg => Row.EmissionsKg * Fraction;
}
