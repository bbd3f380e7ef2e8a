using CarbonAttrs.Ledger;

namespace CarbonAttrs.Carbon;

/// <summary>
/// ISO 3166-1 alpha-2 ↔ alpha-3 codes (<c>CarbonAttrs.Data.iso3166_alpha2_alpha3.csv</c>): tzdata names countries by
/// alpha-2, the intensity table by alpha-3, and Electricity Maps zones by alpha-2.
/// </summary>
internal static class IsoCountryCodes
{
    private static readonly Lazy<(Dictionary<string, string> ToAlpha3, Dictionary<string, string> ToAlpha2)> Codes = new(Load);

    /// <summary><c>FR</c> → <c>FRA</c> (case-insensitive), or null.</summary>
    public static string? Alpha3(string? alpha2)
        => alpha2 is not null && Codes.Value.ToAlpha3.TryGetValue(alpha2.Trim(), out var code) ? code : null;

    /// <summary><c>FRA</c> → <c>FR</c> (case-insensitive), or null.</summary>
    public static string? Alpha2(string? alpha3)
        => alpha3 is not null && Codes.Value.ToAlpha2.TryGetValue(alpha3.Trim(), out var code) ? code : null;

    private static (Dictionary<string, string>, Dictionary<string, string>) Load()
    {
        var toAlpha3 = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var toAlpha2 = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var stream = typeof(IsoCountryCodes).Assembly.GetManifestResourceStream("CarbonAttrs.Data.iso3166_alpha2_alpha3.csv");
        if (stream is null)
            return (toAlpha3, toAlpha2);
        using var reader = new StreamReader(stream);
        foreach (var record in CsvFormat.ReadRecords(reader).Skip(1))
        {
            if (record.Fields is [var alpha2, var alpha3] && alpha2.Length == 2 && alpha3.Length == 3)
            {
                toAlpha3[alpha2] = alpha3;
                toAlpha2[alpha3] = alpha2;
            }
        }
        return (toAlpha3, toAlpha2);
    }
}
