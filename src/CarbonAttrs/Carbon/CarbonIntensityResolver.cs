using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Carbon;

/// <summary>
/// Picks the grid intensity: forced value → cloud region → country → world average. Every result names
/// its source and year; a code that is not in the table falls back to the next step and the source says so.
/// </summary>
internal static class CarbonIntensityResolver
{
    /// <summary>World average used when nothing better is known (IEA 2019, as used by CodeCarbon).</summary>
    public const double WorldAverageGramsPerKwh = 475.0;
    public const string WorldAverageSource = "world-average (IEA 2019, via CodeCarbon)";

    /// <summary>The table's value for <paramref name="options"/>, guessing the country from the system's time zone when nothing names it.</summary>
    public static CarbonIntensity Resolve(CarbonAttrsOptions options) => Resolve(options, TimeZoneGuessFor(options));

    /// <summary>The system time zone's country when <paramref name="options"/> name no grid (the files are read only then).</summary>
    public static TimeZoneCountry? TimeZoneGuessFor(CarbonAttrsOptions options) => GuessNeeded(options) ? TimeZoneCountry.FromSystem() : null;

    /// <summary>The table's value; <paramref name="zone"/> is the time zone's country, used only when no country, region or figure is set.</summary>
    public static CarbonIntensity Resolve(CarbonAttrsOptions options, TimeZoneCountry? zone)
    {
        var provider = options.CloudProvider;
        var region = options.CloudRegion;
        if (options.IntensityGramsPerKwh is { } forced)
            return new CarbonIntensity(forced, "forced (CARBONATTRS_INTENSITY_G_PER_KWH)", options.CountryIsoCode,
                cloudProvider: provider, cloudRegion: region);

        var notes = new List<string>();
        if (!string.IsNullOrWhiteSpace(provider) || !string.IsNullOrWhiteSpace(region))
        {
            if (CarbonIntensityTable.FindCloudRegion(provider, region) is { } cloud)
            {
                var country = CarbonIntensityTable.FindCountry(cloud.CountryIsoCode);
                return new CarbonIntensity(cloud.GramsPerKwh, $"cloud:{cloud.Place}: {cloud.Source}, {cloud.Year}",
                    cloud.CountryIsoCode, country?.Name, cloudProvider: cloud.Provider, cloudRegion: cloud.Code);
            }
            var asked = $"{provider ?? "(no provider)"}/{region ?? "(no region)"}";
            notes.Add($"cloud region {asked} not in the table");
            TrackerLog.Warn("intensity-cloud:" + asked,
                $"cloud region {asked} is not in the intensity table (CARBONATTRS_CLOUD_PROVIDER is aws, azure or gcp; CARBONATTRS_CLOUD_REGION an id such as us-east-1); falling back to the country or the world average.");
        }

        if (!string.IsNullOrWhiteSpace(options.CountryIsoCode))
        {
            if (CarbonIntensityTable.FindCountry(options.CountryIsoCode) is { } country)
                return new CarbonIntensity(country.GramsPerKwh, $"country:{country.Code}: {country.Source}, {country.Year}",
                    country.Code, country.Name, cloudProvider: provider, cloudRegion: region);
            notes.Add($"country {options.CountryIsoCode} not in the table");
            TrackerLog.Warn("intensity-country:" + options.CountryIsoCode,
                $"country '{options.CountryIsoCode}' is not in the intensity table (CARBONATTRS_COUNTRY takes an ISO 3166-1 alpha-3 code such as FRA or USA); the world average is used.");
        }

        if (GuessNeeded(options))
        {
            if (zone is not null && CarbonIntensityTable.FindCountry(zone.Alpha3) is { } guessed)
            {
                TrackerLog.Debug("intensity-guess",
                    $"no grid country is set; {guessed.Code} ({guessed.Name}) is guessed from the time zone {zone.Zone}. Set CARBONATTRS_COUNTRY={guessed.Code} (ISO 3166-1 alpha-3) or a cloud region to state it.");
                return new CarbonIntensity(guessed.GramsPerKwh, $"country:{guessed.Code}: {guessed.Source}, {guessed.Year} (country guessed from time zone {zone.Zone})",
                    guessed.Code, guessed.Name);
            }
            TrackerLog.Debug("intensity-guess",
                $"no grid country is set and the time zone names none{(zone is null ? "" : $" in the table ({zone.Zone})")}; the world average is used. Set CARBONATTRS_COUNTRY (ISO 3166-1 alpha-3, e.g. FRA) or a cloud region.");
        }

        var source = notes.Count == 0 ? WorldAverageSource : WorldAverageSource + "; " + string.Join("; ", notes);
        return new CarbonIntensity(WorldAverageGramsPerKwh, source, options.CountryIsoCode, cloudProvider: provider, cloudRegion: region);
    }

    private static bool GuessNeeded(CarbonAttrsOptions options)
        => options.IntensityGramsPerKwh is null && string.IsNullOrWhiteSpace(options.CountryIsoCode)
           && string.IsNullOrWhiteSpace(options.CloudProvider) && string.IsNullOrWhiteSpace(options.CloudRegion);
}
