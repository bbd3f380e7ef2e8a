using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// Computational cost next to energy (Schwartz et al., "Green AI": report the FLOPs of a result and the cost of one
/// example) for a set of rows. Each ratio uses only the rows that know both of its terms, so a run without a FLOP
/// count never dilutes the joules per TFLOP.
/// </summary>
internal sealed record EfficiencyFigures
{
    public int Runs { get; init; }
    public int RunsWithFlops { get; init; }
    public int RunsWithSamples { get; init; }
    /// <summary>Sum of the <c>flops</c> column over the rows that have one.</summary>
    public double Flops { get; init; }
    public double Samples { get; init; }
    public double? FlopsPerRun => RunsWithFlops > 0 ? Flops / RunsWithFlops : null;
    public double? JoulesPerSample { get; init; }
    public double? FlopsPerSample { get; init; }
    /// <summary>Achieved FLOP/s: FLOPs over the time of the windows that counted them.</summary>
    public double? FlopsPerSecond { get; init; }
    public double? JoulesPerTeraflop { get; init; }

    public bool Known => RunsWithFlops > 0 || RunsWithSamples > 0;

    public static EfficiencyFigures Of(IReadOnlyCollection<LedgerRow> rows)
    {
        var withFlops = rows.Where(r => r.Flops is not null).ToArray();
        var withSamples = rows.Where(r => r.Samples is > 0).ToArray();
        var withBoth = withFlops.Where(r => r.Samples is > 0).ToArray();
        var flops = withFlops.Sum(r => r.Flops!.Value);
        var samples = withSamples.Sum(r => r.Samples!.Value);
        var flopSeconds = withFlops.Sum(r => r.DurationSeconds);
        return new EfficiencyFigures
        {
            Runs = rows.Count,
            RunsWithFlops = withFlops.Length,
            RunsWithSamples = withSamples.Length,
            Flops = flops,
            Samples = samples,
            JoulesPerSample = samples > 0 ? withSamples.Sum(Joules) / samples : null,
            FlopsPerSample = withBoth.Length > 0 ? withBoth.Sum(r => r.Flops!.Value) / withBoth.Sum(r => r.Samples!.Value) : null,
            FlopsPerSecond = flops > 0 && flopSeconds > 0 ? flops / flopSeconds : null,
            JoulesPerTeraflop = flops > 0 ? withFlops.Sum(Joules) / (flops / 1e12) : null,
        };
    }

    /// <summary>Energy of a row in joules (the ledger holds kWh, PUE included).</summary>
    public static double Joules(LedgerRow row) => row.EnergyKwh * 3.6e6;
}

/// <summary>A method's efficiency over its own rows (nested windows appear under their own method too).</summary>
internal sealed record MethodEfficiency(string Method, EfficiencyFigures Figures)
{
    public static IReadOnlyList<MethodEfficiency> From(IReadOnlyList<LedgerRow> rows)
        => rows.GroupBy(r => r.Method, StringComparer.Ordinal)
            .Select(g => new MethodEfficiency(g.Key, EfficiencyFigures.Of(g.ToArray())))
            .Where(m => m.Figures.Known)
            .OrderByDescending(m => m.Figures.Flops).ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>What the counted runs computed, for the totals and the statement: top-level rows only (nested ones are inside them).</summary>
internal static class CountedEfficiency
{
    public static EfficiencyFigures Of(IReadOnlyList<CountedRow> counted)
        => EfficiencyFigures.Of(counted.Where(c => c.Role is RowRole.TopLevel or RowRole.Orphan or RowRole.Overlapping).Select(c => c.Row).ToArray());
}
