using System.Globalization;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// One unit per table column (or per table): chosen from the largest value, named once in the header, so a
/// column of joules never shows a lone <c>0 kWh</c> and figures line up for comparison.
/// </summary>
internal readonly record struct ScaledUnit(double Factor, string Name)
{
    /// <summary>The value in this unit, without the unit's name (the header carries it).</summary>
    public string Format(double value) => Units.Number(value * Factor);

    /// <summary>The value with the unit's name (key/value tables that share a unit across rows).</summary>
    public string FormatWithName(double value) => Format(value) + " " + Name;

    /// <summary>Energy given in kWh: kWh from 1 kWh, Wh from 0.1 Wh, else J (the thresholds of <see cref="Units.Energy"/>).</summary>
    public static ScaledUnit Energy(IEnumerable<double> kwh)
    {
        var max = MaxOf(kwh);
        return max >= 1 ? new(1, "kWh") : max * 1000 >= 0.1 ? new(1000, "Wh") : new(3.6e6, "J");
    }

    /// <summary>Mass of CO2eq given in kg: t, kg, g, mg (the thresholds of <see cref="Units.Co2"/>).</summary>
    public static ScaledUnit Co2(IEnumerable<double> kg)
    {
        var max = MaxOf(kg);
        return max >= 1000 ? new(1e-3, "t CO2eq") : max >= 1 ? new(1, "kg CO2eq") : max * 1000 >= 0.1 ? new(1000, "g CO2eq") : new(1e6, "mg CO2eq");
    }

    /// <summary>An SI-prefixed unit (k, M, G, T, P, E) of <paramref name="baseName"/> (FLOP, FLOP/s, samples).</summary>
    public static ScaledUnit Si(IEnumerable<double> values, string baseName)
    {
        var max = MaxOf(values);
        foreach (var (factor, prefix) in SiPrefixes)
        {
            if (max >= factor)
                return new(1 / factor, prefix + baseName);
        }
        return new(1, baseName);
    }

    /// <summary>Joules, or milli/micro-joules for per-sample figures far below one joule.</summary>
    public static ScaledUnit Joules(IEnumerable<double> joules, string suffix = "")
    {
        var max = MaxOf(joules);
        return max >= 0.1 || max == 0 ? new(1, "J" + suffix) : max >= 1e-4 ? new(1e3, "mJ" + suffix) : new(1e6, "µJ" + suffix);
    }

    private static readonly (double Factor, string Prefix)[] SiPrefixes =
    {
        (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"),
    };

    private static double MaxOf(IEnumerable<double> values)
    {
        var max = 0.0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value) && Math.Abs(value) > max)
                max = Math.Abs(value);
        }
        return max;
    }
}

/// <summary>
/// How many decimals a set of results needs: at least three significant figures for the largest, and more until
/// every two different results read differently (0.8192 and 0.8167 are 0.819 and 0.817, not both 0.82).
/// </summary>
internal readonly record struct ResultFormat(int Decimals)
{
    private const int MaxDecimals = 10;

    public string Format(double value) => value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static ResultFormat For(IEnumerable<double> results)
    {
        var distinct = results.Where(r => !double.IsNaN(r) && !double.IsInfinity(r)).Distinct().ToArray();
        if (distinct.Length == 0)
            return new ResultFormat(2);
        var largest = distinct.Max(Math.Abs);
        var integerDigits = largest >= 1 ? (int)Math.Floor(Math.Log10(largest)) + 1 : 0;
        var leadingZeros = largest is > 0 and < 1 ? -(int)Math.Floor(Math.Log10(largest)) - 1 : 0;
        var decimals = Math.Clamp(3 - integerDigits + leadingZeros, 0, MaxDecimals);
        while (decimals < MaxDecimals && !AllDistinct(distinct, decimals))
            decimals++;
        return new ResultFormat(decimals);
    }

    private static bool AllDistinct(double[] values, int decimals)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        foreach (var value in values)
        {
            if (!seen.Add(value.ToString(format, CultureInfo.InvariantCulture)))
                return false;
        }
        return true;
    }
}
