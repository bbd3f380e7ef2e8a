using System.Globalization;
using System.Text.Json;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Cli.Reference;

/// <summary>A place's grid carbon intensity and where the figure comes from.</summary>
internal sealed record GridIntensity(string Key, string Name, double GramsPerKwh, string Source);

/// <summary>
/// Grid carbon intensity per country and per cloud region, from CodeCarbon's tables (MIT):
/// <c>global_energy_mix.json</c> (Our World in Data, CC BY 4.0; mostly 2022–2023) and
/// <c>data/cloud/impact.csv</c> (provider figures, source per row; GCP), completed for AWS, Azure and others by
/// mlco2/impact <c>data/impact.csv</c> (MIT; older figures, source per row). World average: 475 g/kWh (IEA 2019).
/// </summary>
internal sealed class GridIntensityTable
{
    public const double WorldAverageGramsPerKwh = 475;
    public const string WorldAverageSource = "world average, IEA 2019 (via CodeCarbon)";

    /// <summary>Countries producing less than this are left out of the lowest/highest lists (tiny grids, odd figures).</summary>
    public const double MinimumTwhForComparison = 1.0;

    private static readonly Lazy<GridIntensityTable> Shipped = new(() => new GridIntensityTable(
        ParseCountries(EmbeddedData.ReadText("global_energy_mix.json")),
        MergeCloud(ParseCloud(EmbeddedData.ReadText("cloud_impact.csv"), "CodeCarbon data/cloud/impact.csv"),
                   ParseCloud(EmbeddedData.ReadText("mlco2_impact.csv"), "mlco2/impact data/impact.csv, 2019-2020 figures"))));

    private readonly Dictionary<string, (GridIntensity Intensity, double Twh)> _countries;
    private readonly Dictionary<string, GridIntensity> _cloud;

    private GridIntensityTable(Dictionary<string, (GridIntensity, double)> countries, Dictionary<string, GridIntensity> cloud)
    {
        _countries = countries;
        _cloud = cloud;
    }

    public static GridIntensityTable Default => Shipped.Value;

    public IEnumerable<string> CountryCodes => _countries.Keys;
    public IEnumerable<string> CloudRegions => _cloud.Keys;

    public GridIntensity? Country(string iso3) => _countries.TryGetValue(iso3.Trim().ToUpperInvariant(), out var c) ? c.Intensity : null;

    /// <summary>Looks up <c>provider:region</c>, e.g. <c>gcp:europe-west1</c>, <c>aws:us-east-1</c>, <c>azure:westeurope</c>.</summary>
    public GridIntensity? Cloud(string providerAndRegion) => _cloud.TryGetValue(providerAndRegion.Trim().ToLowerInvariant(), out var c) ? c : null;

    /// <summary>The lowest- and highest-intensity countries with a grid of at least <see cref="MinimumTwhForComparison"/> TWh a year.</summary>
    public (IReadOnlyList<GridIntensity> Lowest, IReadOnlyList<GridIntensity> Highest) Extremes(int count)
    {
        var ranked = _countries.Values.Where(c => c.Twh >= MinimumTwhForComparison && c.Intensity.GramsPerKwh > 0)
            .Select(c => c.Intensity).OrderBy(c => c.GramsPerKwh).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
        return (ranked.Take(count).ToArray(), ranked.Reverse().Take(count).ToArray());
    }

    private static Dictionary<string, (GridIntensity, double)> ParseCountries(string json)
    {
        var result = new Dictionary<string, (GridIntensity, double)>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var country in document.RootElement.EnumerateObject())
        {
            var value = country.Value;
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("carbon_intensity", out var ci) || ci.ValueKind != JsonValueKind.Number)
                continue;
            var name = value.TryGetProperty("country_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? country.Name : country.Name;
            var year = value.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32().ToString(CultureInfo.InvariantCulture) : "year unknown";
            var twh = value.TryGetProperty("total_TWh", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0;
            result[country.Name] = (new GridIntensity(country.Name, name, ci.GetDouble(), $"Our World in Data {year} via CodeCarbon global_energy_mix.json"), twh);
        }
        return result;
    }

    // CodeCarbon's table is newer but has GCP only; mlco2/impact adds AWS, Azure and others.
    private static Dictionary<string, GridIntensity> MergeCloud(Dictionary<string, GridIntensity> preferred, Dictionary<string, GridIntensity> fallback)
    {
        foreach (var (key, value) in fallback)
            preferred.TryAdd(key, value);
        return preferred;
    }

    private static Dictionary<string, GridIntensity> ParseCloud(string csv, string table)
    {
        var result = new Dictionary<string, GridIntensity>(StringComparer.Ordinal);
        string[]? header = null;
        foreach (var record in CsvFormat.ReadRecords(new StringReader(csv.TrimStart('\uFEFF'))))
        {
            var fields = record.Fields.Select(f => f.Trim()).ToArray();
            if (header is null) { header = fields; continue; }
            string F(string name) { var i = Array.IndexOf(header, name); return i >= 0 && i < fields.Length ? fields[i] : ""; }
            if (!double.TryParse(F("impact"), NumberStyles.Float, CultureInfo.InvariantCulture, out var grams))
                continue;
            var key = (F("provider") + ":" + F("region")).ToLowerInvariant();
            var country = F("country_name") is { Length: > 0 } cn ? cn : F("country");
            var place = string.Join(", ", new[] { F("city"), F("state"), country }.Where(s => s.Length > 0));
            var source = F("source") is { Length: > 0 } s ? s + " via " + table : table;
            result[key] = new GridIntensity(key, place.Length > 0 ? $"{key} ({place})" : key, grams, source);
        }
        return result;
    }
}
