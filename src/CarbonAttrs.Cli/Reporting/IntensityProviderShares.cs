using CarbonAttrs.Footprint.Ledgers;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>Which intensity provider each row's <c>intensity_source</c> names, and each one's share of the rows.</summary>
internal sealed record IntensityProviderShare(string Provider, int Rows, double Share)
{
    public const string Fallback = "table (live provider unavailable)";

    public static IReadOnlyList<IntensityProviderShare> From(IReadOnlyList<LedgerRow> rows)
    {
        if (rows.Count == 0)
            return Array.Empty<IntensityProviderShare>();
        return rows.GroupBy(r => ProviderOf(r.IntensitySource))
            .Select(g => new IntensityProviderShare(g.Key, g.Count(), g.Count() / (double)rows.Count))
            .OrderByDescending(s => s.Rows).ThenBy(s => s.Provider, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary><c>electricitymaps</c>, <c>carbon-aware-sdk</c>, <see cref="Fallback"/>, <c>forced</c>, <c>table</c>, <c>codecarbon</c> or <c>not recorded</c>.</summary>
    public static string ProviderOf(string intensitySource)
    {
        if (intensitySource.Length == 0) return "not recorded";
        if (intensitySource.StartsWith("CodeCarbon", StringComparison.Ordinal)) return "codecarbon";
        if (intensitySource.StartsWith("electricitymaps:", StringComparison.Ordinal)) return "electricitymaps";
        if (intensitySource.StartsWith("carbon-aware-sdk:", StringComparison.Ordinal)) return "carbon-aware-sdk";
        if (intensitySource.StartsWith("table:", StringComparison.Ordinal) && intensitySource.Contains(" unavailable: ", StringComparison.Ordinal)) return Fallback;
        if (intensitySource.StartsWith("forced", StringComparison.Ordinal)) return "forced";
        return "table";
    }

    /// <summary><c>electricitymaps 80 % of rows (8), table (live provider unavailable) 20 % (2)</c>.</summary>
    public static string Describe(IReadOnlyList<IntensityProviderShare> shares)
        => string.Join(", ", shares.Select((s, i) => $"{s.Provider} {Units.Percent(s.Share)}{(i == 0 ? " of rows" : "")} ({s.Rows})"));
}
