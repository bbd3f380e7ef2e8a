using System.Globalization;

namespace CarbonAttrs;

/// <summary>
/// Short CO2eq amounts for one-line messages: <c>1.23 kg</c>, <c>41 g</c>, <c>3.1 g</c>, <c>512 mg</c>, <c>0.692 mg</c>.
/// Under a gram the unit is mg (as the CLI and the footprint report write it), so the figures of one line, spent and
/// projected, read in the same unit instead of <c>0.692 mg … projected 0.00277 g</c>.
/// </summary>
internal static class BudgetUnits
{
    public static string Co2(double kg)
    {
        var grams = kg * 1000.0;
        if (Math.Abs(grams) >= 1000)
            return kg.ToString("0.##", CultureInfo.InvariantCulture) + " kg";
        if (Math.Abs(grams) >= 10 || grams == 0)
            return grams.ToString("0", CultureInfo.InvariantCulture) + " g";
        if (Math.Abs(grams) >= 1)
            return grams.ToString("G3", CultureInfo.InvariantCulture) + " g";
        return (grams * 1000).ToString("G3", CultureInfo.InvariantCulture) + " mg";
    }

    /// <summary>A range with one unit when both ends share it: <c>120–210 g</c>; one figure when both ends read the same.</summary>
    public static string Range(double lowKg, double highKg)
    {
        var low = Co2(lowKg);
        var high = Co2(highKg);
        if (low == high)
            return low;
        var lowUnit = low.Substring(low.LastIndexOf(' '));
        return high.EndsWith(lowUnit, StringComparison.Ordinal) ? low.Substring(0, low.Length - lowUnit.Length) + "\u2013" + high : low + "\u2013" + high;
    }
}
