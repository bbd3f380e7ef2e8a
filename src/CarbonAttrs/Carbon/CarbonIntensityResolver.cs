namespace CarbonAttrs.Carbon;

/// <summary>
/// Picks the grid intensity: forced value → cloud region → country → world average.
/// </summary>
internal static class CarbonIntensityResolver
{
    /// <summary>World average used when nothing better is known (IEA 2019, as used by CodeCarbon).</summary>
    public const double WorldAverageGramsPerKwh = 475.0;
    public const string WorldAverageSource = "world-average (IEA 2019, via CodeCarbon)";

    public static CarbonIntensity Resolve(CarbonAttrsOptions options)
    {
        if (options.IntensityGramsPerKwh is { } forced)
            return new CarbonIntensity(forced, "forced (CARBONATTRS_INTENSITY_G_PER_KWH)", options.CountryIsoCode,
                cloudProvider: options.CloudProvider, cloudRegion: options.CloudRegion);
        return new CarbonIntensity(WorldAverageGramsPerKwh, WorldAverageSource);
    }
}
