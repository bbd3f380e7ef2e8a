namespace CarbonAttrs.Cli.Reference;

/// <summary>The tool's look-ups in the runtime's <see cref="CarbonIntensityTable"/>: ISO codes, <c>provider:region</c> ids, suggestions.</summary>
internal static class GridPlaces
{
    /// <summary>Countries generating less than this are left out of the lowest/highest lists (tiny grids, odd figures).</summary>
    public const double MinimumTwhForComparison = 1.0;

    public static IEnumerable<string> CountryCodes
        => CarbonIntensityTable.Entries.Where(e => e.Kind == CarbonIntensityPlaceKind.Country).Select(e => e.Code);

    public static IEnumerable<string> CloudRegions
        => CarbonIntensityTable.Entries.Where(e => e.Kind == CarbonIntensityPlaceKind.CloudRegion).Select(CloudKey);

    public static string CloudKey(CarbonIntensityEntry entry) => entry.Provider + ":" + entry.Code;

    public static GridIntensity? Country(string iso3)
        => CarbonIntensityTable.FindCountry(iso3) is { } entry ? GridIntensity.From(entry) : null;

    /// <summary>Looks up <c>provider:region</c>, e.g. <c>gcp:europe-west1</c>, <c>aws:us-east-1</c>, <c>azure:westeurope</c> (case-insensitive).</summary>
    public static GridIntensity? Cloud(string providerAndRegion)
    {
        var separator = providerAndRegion.IndexOfAny([':', '/']);
        if (separator <= 0)
            return null;
        var entry = CarbonIntensityTable.FindCloudRegion(providerAndRegion[..separator], providerAndRegion[(separator + 1)..]);
        return entry is null ? null : GridIntensity.From(entry);
    }

    /// <summary>The <paramref name="count"/> lowest- and highest-intensity countries generating at least <see cref="MinimumTwhForComparison"/> a year.</summary>
    public static (IReadOnlyList<GridIntensity> Lowest, IReadOnlyList<GridIntensity> Highest) Extremes(int count)
    {
        var ranked = CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.Country, MinimumTwhForComparison);
        return (ranked.Take(count).Select(GridIntensity.From).ToArray(),
                ranked.Reverse().Take(count).Select(GridIntensity.From).ToArray());
    }

    /// <summary>The runtime's what-if for <paramref name="energyKwh"/> among the same countries as <see cref="Extremes"/>.</summary>
    public static CarbonWhatIf WhatIf(double energyKwh)
        => CarbonIntensityTable.WhatIf(energyKwh, CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.Country, MinimumTwhForComparison), current: null);
}
