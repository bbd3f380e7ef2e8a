namespace CarbonAttrs;

/// <summary>The grid carbon intensity applied to a window, with where the figure comes from.</summary>
public sealed class CarbonIntensity
{
    /// <summary>Creates an intensity.</summary>
    public CarbonIntensity(double gramsPerKwh, string source, string? countryIsoCode = null, string? countryName = null,
        string? region = null, string? cloudProvider = null, string? cloudRegion = null)
    {
        GramsPerKwh = gramsPerKwh;
        Source = source;
        CountryIsoCode = countryIsoCode;
        CountryName = countryName;
        Region = region;
        CloudProvider = cloudProvider;
        CloudRegion = cloudRegion;
    }

    /// <summary>g CO2eq per kWh.</summary>
    public double GramsPerKwh { get; }

    /// <summary>Where the figure comes from, e.g. <c>forced</c>, <c>country:FRA (Our World in Data 2023)</c>.</summary>
    public string Source { get; }

    /// <summary>ISO 3166-1 alpha-3 code, when known.</summary>
    public string? CountryIsoCode { get; }

    /// <summary>Country name, when known.</summary>
    public string? CountryName { get; }

    /// <summary>Sub-national region, when known.</summary>
    public string? Region { get; }

    /// <summary>Cloud provider, when the figure is a cloud region's.</summary>
    public string? CloudProvider { get; }

    /// <summary>Cloud region, when the figure is a cloud region's.</summary>
    public string? CloudRegion { get; }
}
