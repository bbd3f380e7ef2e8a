namespace CarbonAttrs.Footprint.Reporting;

/// <summary>Order statistics used by the reports.</summary>
internal static class Statistics
{
    /// <summary>Linear-interpolated quantile of <paramref name="values"/> (q in 0..1); NaN when empty.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);
}
