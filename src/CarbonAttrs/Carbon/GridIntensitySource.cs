using System.Net.Http;
using CarbonAttrs.Carbon.Live;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Carbon;

/// <summary>
/// The intensity rows get: the table's value (<see cref="Table"/>), or with a live provider configured, the fetch
/// that decides each row (<see cref="For"/>). A forced intensity always wins over a provider.
/// </summary>
internal sealed class GridIntensitySource : IDisposable
{
    private GridIntensitySource(CarbonIntensity table, LiveIntensityProvider? live)
    {
        Table = table;
        Live = live;
    }

    /// <summary>The table's value (forced, cloud region, country, time-zone guess or world average).</summary>
    public CarbonIntensity Table { get; }

    /// <summary>The live provider, or null for the table.</summary>
    public LiveIntensityProvider? Live { get; }

    public static GridIntensitySource Create(CarbonAttrsOptions options, TimeZoneCountry? zone, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        var table = CarbonIntensityResolver.Resolve(options, zone);
        if (options.IntensityProvider == IntensityProvider.Table)
            return new GridIntensitySource(table, null);
        if (options.IntensityGramsPerKwh is not null)
        {
            TrackerLog.Warn("intensity-provider-forced",
                $"CARBONATTRS_INTENSITY_PROVIDER={Describe(options.IntensityProvider)} is ignored because CARBONATTRS_INTENSITY_G_PER_KWH forces the intensity; unset one of them.");
            return new GridIntensitySource(table, null);
        }
        LiveIntensityProvider live = options.IntensityProvider == IntensityProvider.ElectricityMaps
            ? new ElectricityMapsProvider(options, table, timeout, handler)
            : new CarbonAwareSdkProvider(options, table, timeout, handler);
        (live as ElectricityMapsProvider)?.Prefetch();
        return new GridIntensitySource(table, live);
    }

    /// <summary>The provider's name as configured: <c>table</c>, <c>electricitymaps</c>, <c>carbon-aware-sdk</c>.</summary>
    public static string Describe(IntensityProvider provider) => provider switch
    {
        IntensityProvider.ElectricityMaps => ElectricityMapsProvider.ProviderName,
        IntensityProvider.CarbonAwareSdk => CarbonAwareSdkProvider.ProviderName,
        _ => "table",
    };

    /// <summary>The fetch deciding a row that ran from <paramref name="start"/> to <paramref name="end"/>; null with the table.</summary>
    public IntensityFetch? For(DateTimeOffset start, DateTimeOffset end) => Live?.For(start, end);

    public void Dispose() => Live?.Dispose();
}
