using System.Globalization;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// The social cost of carbon: the damage, in US dollars, of emitting one more tonne of CO2. Reports multiply the
/// emissions by it (never the ledger: it is a valuation, not a measurement). Default: the US EPA's 2023 estimate for
/// 2020 emissions, $190 per tonne at a 2 % near-term discount rate, with $120 (2.5 %) and $340 (1.5 %) as its range.
/// </summary>
internal sealed record SocialCostOfCarbon(double UsdPerTonne, double? LowUsdPerTonne, double? HighUsdPerTonne, string Source)
{
    /// <summary>US EPA (2023), <i>Report on the Social Cost of Greenhouse Gases: Estimates Incorporating Recent Scientific Advances</i>, Table ES.1.</summary>
    public static readonly SocialCostOfCarbon UsEpa2023 = new(190, 120, 340,
        "US EPA 2023, Report on the Social Cost of Greenhouse Gases, social cost of CO2 for 2020 emissions: $190/t at a 2 % near-term discount rate, "
        + "$120–$340/t at 2.5 %–1.5 %, in 2020 US dollars");

    /// <summary>A price given with <c>--scc-usd-per-tonne</c>.</summary>
    public static SocialCostOfCarbon Given(double usdPerTonne)
        => new(usdPerTonne, null, null, "price per tonne given with --scc-usd-per-tonne");

    public double CostUsd(double emissionsKg) => emissionsKg / 1000 * UsdPerTonne;

    /// <summary><c>$0.0023 ($0.0014–$0.0041)</c>: the cost of <paramref name="emissionsKg"/>, with the range when the price has one.</summary>
    public string Describe(double emissionsKg)
    {
        var central = Usd(CostUsd(emissionsKg));
        return LowUsdPerTonne is { } low && HighUsdPerTonne is { } high
            ? $"{central} ({Usd(emissionsKg / 1000 * low)}–{Usd(emissionsKg / 1000 * high)})"
            : central;
    }

    /// <summary>The price and where it comes from, for a report's source column.</summary>
    public string PriceAndSource => $"{Usd(UsdPerTonne)} per tonne CO2eq ({Source})";

    /// <summary>Dollars: whole dollars from $1,000, cents from one cent, two significant figures below (a training run may cost fractions of a cent).</summary>
    public static string Usd(double usd)
    {
        if (usd == 0) return "$0";
        if (usd >= 0.01) return "$" + usd.ToString(usd >= 1000 ? "#,0" : "0.00", CultureInfo.InvariantCulture);
        var digits = Math.Max(2, 1 - (int)Math.Floor(Math.Log10(usd)));
        return "$" + Math.Round(usd, Math.Min(digits, 15)).ToString("0." + new string('#', Math.Min(digits, 15)), CultureInfo.InvariantCulture);
    }
}
