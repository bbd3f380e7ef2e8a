using ScottPlot;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>What the accuracy chart of a sweep puts on its x axis (<c>carbonattrs report --x</c>).</summary>
internal enum SweepAxis
{
    /// <summary>Energy per run (the default).</summary>
    Energy,
    /// <summary>FLOPs per run, for sweeps whose runs counted them.</summary>
    Flops,
}

/// <summary>Axis limits ScottPlot's automatic fit gets wrong for one run or a handful of close ones, and the FLOP frontier.</summary>
internal static class SweepAxes
{
    private static readonly double OneMinute = TimeSpan.FromMinutes(1).TotalDays;

    /// <summary>
    /// The energy-over-time chart: x spans the runs themselves (start of the first to end of the last) plus a margin,
    /// never the two days ScottPlot draws around a single point; y starts at zero.
    /// </summary>
    public static void FitTimeline(Plot plot, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> runs, double maxY)
    {
        if (runs.Count == 0)
            return;
        var first = runs.Min(r => r.Start).UtcDateTime.ToOADate();
        var last = runs.Max(r => r.End).UtcDateTime.ToOADate();
        var margin = Math.Max((last - first) * 0.08, OneMinute);
        plot.Axes.SetLimitsX(first - margin, last + margin);
        plot.Axes.SetLimitsY(0, maxY > 0 ? maxY * 1.15 : 1);
    }

    /// <summary>One point, or points all at the same x or y: limits around them instead of a degenerate span.</summary>
    public static void FitFewPoints(Plot plot, double[] x, double[] y)
    {
        if (x.Length == 0)
            return;
        var (minX, maxX, minY, maxY) = (x.Min(), x.Max(), y.Min(), y.Max());
        if (maxX - minX <= Math.Abs(maxX) * 1e-9)
        {
            var half = maxX != 0 ? Math.Abs(maxX) * 0.5 : 1;
            plot.Axes.SetLimitsX(Math.Max(0, minX - half), maxX + half * 1.6); // extra room on the right for the label
        }
        if (maxY - minY <= Math.Abs(maxY) * 1e-9)
        {
            var half = maxY != 0 ? Math.Abs(maxY) * 0.05 : 0.05;
            plot.Axes.SetLimitsY(minY - half, maxY + half);
        }
    }

    /// <summary>Points no other point beats on both a lower <paramref name="cost"/> and a higher result.</summary>
    public static HashSet<SweepPoint> FrontierBy(IEnumerable<SweepPoint> points, Func<SweepPoint, double> cost)
    {
        var frontier = new HashSet<SweepPoint>();
        var best = double.NegativeInfinity;
        foreach (var point in points.Where(p => p.Row.Result is not null).OrderBy(cost).ThenByDescending(p => p.Row.Result))
        {
            if (point.Row.Result!.Value > best)
            {
                frontier.Add(point);
                best = point.Row.Result.Value;
            }
        }
        return frontier;
    }
}
