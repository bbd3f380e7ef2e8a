using System.Globalization;
using CarbonAttrs.Carbon;
using CarbonAttrs.Ledger;

namespace CarbonAttrs;

/// <summary>
/// The offline grid carbon-intensity table shipped in the assembly (<c>CarbonAttrs.Data.grid_intensity.csv</c>):
/// one figure per country (Our World in Data, via CodeCarbon) and per AWS, Azure and GCP region, each with
/// its source and year. Attribution: <c>src/CarbonAttrs/Carbon/Data/ATTRIBUTION.md</c>.
/// </summary>
public static class CarbonIntensityTable
{
    private static readonly Lazy<Loaded> Table = new(Load);

    /// <summary>World average used when nothing better is known: 475 g CO2eq/kWh.</summary>
    public const double WorldAverageGramsPerKwh = CarbonIntensityResolver.WorldAverageGramsPerKwh;

    /// <summary>Where <see cref="WorldAverageGramsPerKwh"/> comes from.</summary>
    public const string WorldAverageSource = CarbonIntensityResolver.WorldAverageSource;

    /// <summary>Every entry: countries first (by ISO code), then cloud regions (by provider, region).</summary>
    public static IReadOnlyList<CarbonIntensityEntry> Entries => Table.Value.Entries;

    /// <summary>The figure for an ISO 3166-1 alpha-3 code (case-insensitive), or null.</summary>
    public static CarbonIntensityEntry? FindCountry(string? isoAlpha3)
        => isoAlpha3 is not null && Table.Value.Countries.TryGetValue(isoAlpha3.Trim(), out var entry) ? entry : null;

    /// <summary>
    /// The figure for a cloud region, or null. <paramref name="provider"/> is <c>aws</c>, <c>azure</c> or <c>gcp</c>
    /// (also <c>amazon</c>, <c>microsoft</c>, <c>google</c>); case-insensitive.
    /// </summary>
    public static CarbonIntensityEntry? FindCloudRegion(string? provider, string? region)
    {
        if (provider is null || region is null)
            return null;
        var key = NormalizeProvider(provider) + "/" + region.Trim();
        return Table.Value.CloudRegions.TryGetValue(key, out var entry) ? entry : null;
    }

    /// <summary>
    /// The emissions of <paramref name="energyKwh"/> in the lowest- and highest-intensity places of the whole table,
    /// compared with <paramref name="current"/> when given.
    /// </summary>
    public static CarbonWhatIf WhatIf(double energyKwh, CarbonIntensity? current = null)
        => WhatIf(energyKwh, Entries, current);

    /// <summary>The same as <see cref="WhatIf(double, CarbonIntensity?)"/>, among countries only or cloud regions only.</summary>
    public static CarbonWhatIf WhatIf(double energyKwh, CarbonIntensityPlaceKind among, CarbonIntensity? current = null)
        => WhatIf(energyKwh, Entries.Where(e => e.Kind == among).ToList(), current);

    /// <summary>
    /// The entries of one kind from the lowest to the highest intensity (ties by place), leaving out countries that
    /// generate less than <paramref name="minimumAnnualTwh"/> a year: tiny grids whose figures say little about a data centre.
    /// </summary>
    internal static IReadOnlyList<CarbonIntensityEntry> Ranked(CarbonIntensityPlaceKind among, double minimumAnnualTwh = 0)
        => Entries.Where(e => e.Kind == among && (minimumAnnualTwh <= 0 || e.AnnualGenerationTwh >= minimumAnnualTwh))
            .OrderBy(e => e.GramsPerKwh).ThenBy(e => e.Place, StringComparer.Ordinal).ToList();

    /// <summary>The same as <see cref="WhatIf(double, CarbonIntensity?)"/>, among the given entries (e.g. from <see cref="Ranked"/>).</summary>
    internal static CarbonWhatIf WhatIf(double energyKwh, IReadOnlyList<CarbonIntensityEntry> entries, CarbonIntensity? current)
    {
        if (entries.Count == 0)
            throw new InvalidOperationException("the embedded intensity table is empty");
        var lowest = entries[0];
        var highest = entries[0];
        foreach (var entry in entries)
        {
            if (entry.GramsPerKwh < lowest.GramsPerKwh) lowest = entry;
            if (entry.GramsPerKwh > highest.GramsPerKwh) highest = entry;
        }
        return new CarbonWhatIf(energyKwh, lowest, highest, current);
    }

    internal static string NormalizeProvider(string provider) => provider.Trim().ToLowerInvariant() switch
    {
        "amazon" or "aws" => "aws",
        "microsoft" or "azure" => "azure",
        "google" or "gcp" or "gcloud" => "gcp",
        var other => other,
    };

    private static Loaded Load()
    {
        var entries = new List<CarbonIntensityEntry>();
        using var stream = typeof(CarbonIntensityTable).Assembly.GetManifestResourceStream("CarbonAttrs.Data.grid_intensity.csv");
        if (stream is not null)
        {
            using var reader = new StreamReader(stream);
            var header = true;
            foreach (var record in CsvFormat.ReadRecords(reader))
            {
                if (header) { header = false; continue; }
                var f = record.Fields;
                if (f.Length < 8 || !double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var grams))
                    continue;
                var kind = f[0] == "cloud" ? CarbonIntensityPlaceKind.CloudRegion : CarbonIntensityPlaceKind.Country;
                double? twh = f.Length > 8 && double.TryParse(f[8], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
                entries.Add(new CarbonIntensityEntry(kind, kind == CarbonIntensityPlaceKind.CloudRegion ? f[1] : null, f[2], f[3],
                    f[4].Length == 0 ? null : f[4], grams, f[6], f[7], twh));
            }
        }
        return new Loaded(entries);
    }

    private sealed class Loaded
    {
        public Loaded(List<CarbonIntensityEntry> entries)
        {
            Entries = entries;
            Countries = new Dictionary<string, CarbonIntensityEntry>(StringComparer.OrdinalIgnoreCase);
            CloudRegions = new Dictionary<string, CarbonIntensityEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in entries)
            {
                if (entry.Kind == CarbonIntensityPlaceKind.Country)
                    Countries[entry.Code] = entry;
                else
                    CloudRegions[entry.Provider + "/" + entry.Code] = entry;
            }
        }

        public IReadOnlyList<CarbonIntensityEntry> Entries { get; }
        public Dictionary<string, CarbonIntensityEntry> Countries { get; }
        public Dictionary<string, CarbonIntensityEntry> CloudRegions { get; }
    }
}
