namespace CarbonAttrs;

/// <summary>Whether a table entry is a country's grid or a cloud provider's region.</summary>
public enum CarbonIntensityPlaceKind
{
    /// <summary>A national grid, keyed by ISO 3166-1 alpha-3 code.</summary>
    Country,
    /// <summary>A cloud region (AWS, Azure, GCP), keyed by provider and region id.</summary>
    CloudRegion,
}

/// <summary>One figure of the shipped grid-intensity table, with where it comes from and its year.</summary>
public sealed class CarbonIntensityEntry
{
    internal CarbonIntensityEntry(CarbonIntensityPlaceKind kind, string? provider, string code, string name, string? countryIsoCode,
        double gramsPerKwh, string year, string source, double? annualGenerationTwh = null)
    {
        Kind = kind;
        Provider = provider;
        Code = code;
        Name = name;
        CountryIsoCode = countryIsoCode;
        GramsPerKwh = gramsPerKwh;
        Year = year;
        Source = source;
        AnnualGenerationTwh = annualGenerationTwh;
    }

    /// <summary>Country or cloud region.</summary>
    public CarbonIntensityPlaceKind Kind { get; }

    /// <summary><c>aws</c>, <c>azure</c> or <c>gcp</c> for a cloud region; null for a country.</summary>
    public string? Provider { get; }

    /// <summary>ISO 3166-1 alpha-3 code (country) or region id such as <c>europe-west1</c>.</summary>
    public string Code { get; }

    /// <summary>Country name, or the region's display name or city.</summary>
    public string Name { get; }

    /// <summary>The country the figure's grid is in, when known.</summary>
    public string? CountryIsoCode { get; }

    /// <summary>g CO2eq per kWh.</summary>
    public double GramsPerKwh { get; }

    /// <summary>Year (or span of years) the figure describes; <c>not stated</c> when the upstream source gives none.</summary>
    public string Year { get; }

    /// <summary>Where the figure comes from (upstream source and the file it was taken from).</summary>
    public string Source { get; }

    /// <summary>The country's yearly electricity generation in TWh (Our World in Data); null for cloud regions.</summary>
    public double? AnnualGenerationTwh { get; }

    /// <summary>Short label: <c>FRA</c> or <c>gcp/europe-west1</c>.</summary>
    public string Place => Kind == CarbonIntensityPlaceKind.Country ? Code : Provider + "/" + Code;

    /// <summary>The label, name and figure, e.g. <c>FRA (France) 56 g/kWh</c>.</summary>
    public override string ToString() => $"{Place} ({Name}) {GramsPerKwh:0.#} g/kWh";
}
