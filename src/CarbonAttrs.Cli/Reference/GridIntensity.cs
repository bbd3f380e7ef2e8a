namespace CarbonAttrs.Cli.Reference;

/// <summary>
/// A grid intensity as the tool shows it: place, figure and where it comes from. The figures are the runtime's
/// <see cref="CarbonIntensityTable"/> (one shipped table for library and tool; attribution in
/// <c>src/CarbonAttrs/Carbon/Data/ATTRIBUTION.md</c>); this record only names them for output.
/// </summary>
internal sealed record GridIntensity(string Key, string Name, double GramsPerKwh, string Source)
{
    public static GridIntensity WorldAverage(string name)
        => new("WORLD", name, CarbonIntensityTable.WorldAverageGramsPerKwh, CarbonIntensityTable.WorldAverageSource);

    /// <summary>"France" or "gcp:europe-west1 (St. Ghislain, Belgium)"; the source ends with the figure's year, as in the ledger.</summary>
    public static GridIntensity From(CarbonIntensityEntry entry)
    {
        if (entry.Kind == CarbonIntensityPlaceKind.Country)
            return new GridIntensity(entry.Code, entry.Name, entry.GramsPerKwh, $"{entry.Source}, {entry.Year}");
        var key = GridPlaces.CloudKey(entry);
        var country = CarbonIntensityTable.FindCountry(entry.CountryIsoCode)?.Name;
        var place = country is null || country == entry.Name ? entry.Name : entry.Name + ", " + country;
        return new GridIntensity(key, $"{key} ({place})", entry.GramsPerKwh, $"{entry.Source}, {entry.Year}");
    }
}
