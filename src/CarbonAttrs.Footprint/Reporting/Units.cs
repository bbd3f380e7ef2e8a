using System.Globalization;

namespace CarbonAttrs.Footprint.Reporting;

/// <summary>Human-readable figures with their units (invariant culture: reports are shared).</summary>
internal static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Energy from kWh: kWh above 1, Wh above 1 mWh... then J.</summary>
    public static string Energy(double kwh)
    {
        if (kwh == 0) return "0 kWh";
        if (kwh >= 1) return Number(kwh) + " kWh";
        if (kwh * 1000 >= 0.1) return Number(kwh * 1000) + " Wh";
        return Number(kwh * 3.6e6) + " J";
    }

    /// <summary>Mass of CO2eq from kg: t, kg, g, mg.</summary>
    public static string Co2(double kg)
    {
        if (kg == 0) return "0 kg CO2eq";
        if (kg >= 1000) return Number(kg / 1000) + " t CO2eq";
        if (kg >= 1) return Number(kg) + " kg CO2eq";
        if (kg * 1000 >= 0.1) return Number(kg * 1000) + " g CO2eq";
        return Number(kg * 1e6) + " mg CO2eq";
    }

    public static string Duration(double seconds)
    {
        if (seconds < 60) return Number(seconds) + " s";
        var t = TimeSpan.FromSeconds(seconds);
        if (t.TotalHours < 1) return $"{t.Minutes} min {t.Seconds} s";
        if (t.TotalDays < 1) return $"{(int)t.TotalHours} h {t.Minutes} min";
        return $"{(int)t.TotalDays} d {t.Hours} h";
    }

    public static string Intensity(double gramsPerKwh) => Number(gramsPerKwh) + " g CO2eq/kWh";

    /// <summary>Three significant figures, no exponent for everyday magnitudes.</summary>
    public static string Number(double value)
    {
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude >= 1000) return value.ToString("#,0", Invariant);
        if (magnitude >= 100) return value.ToString("0", Invariant);
        if (magnitude >= 10) return value.ToString("0.#", Invariant);
        if (magnitude >= 0.01) return value.ToString("0.##", Invariant);
        return value.ToString("0.###e0", Invariant);
    }

    /// <summary>A plain number for tables meant to be compared or copied (round-trippable).</summary>
    public static string Raw(double value) => value.ToString("G6", Invariant);

    public static string Percent(double fraction)
        => fraction > 0 && fraction < 0.0005 ? "< 0.1 %" : (fraction * 100).ToString("0.#", Invariant) + " %";

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);
}
