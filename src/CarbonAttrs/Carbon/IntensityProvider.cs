namespace CarbonAttrs;

/// <summary>Where each row's grid intensity comes from (<c>CARBONATTRS_INTENSITY_PROVIDER</c>).</summary>
public enum IntensityProvider
{
    /// <summary>The shipped yearly table (country, cloud region, or the world average). Offline. The default.</summary>
    Table,

    /// <summary>Electricity Maps' latest value for a zone (<c>electricitymaps</c>), refreshed at most every 5 minutes; the table when it fails.</summary>
    ElectricityMaps,

    /// <summary>The Green Software Foundation's Carbon Aware SDK WebAPI (<c>carbon-aware-sdk</c>): the average over each row's window; the table when it fails.</summary>
    CarbonAwareSdk,
}
