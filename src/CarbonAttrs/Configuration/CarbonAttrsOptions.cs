namespace CarbonAttrs;

/// <summary>
/// Settings of the tracker. Each can come from an environment variable (<c>CARBONATTRS_*</c>), from an
/// optional <c>carbonattrs.json</c> in the working directory, or from code through
/// <see cref="CarbonTracker.Configure(System.Action{CarbonAttrsOptions})"/>; code wins over the
/// environment, which wins over the file.
/// </summary>
public sealed class CarbonAttrsOptions
{
    /// <summary>Folder where <c>emissions.csv</c> is appended (<c>CARBONATTRS_OUTPUT_DIR</c>). Default: current directory.</summary>
    public string OutputDirectory { get; set; } = ".";

    /// <summary>Root of the Linux powercap tree (<c>CARBONATTRS_POWERCAP_ROOT</c>).</summary>
    public string PowercapRoot { get; set; } = "/sys/class/powercap";

    /// <summary>Path or name of the NVML library (<c>CARBONATTRS_NVML_LIBRARY</c>); null means the platform default.</summary>
    public string? NvmlLibrary { get; set; }

    /// <summary>ISO 3166-1 alpha-3 code of the electricity grid (<c>CARBONATTRS_COUNTRY</c>).</summary>
    public string? CountryIsoCode { get; set; }

    /// <summary>Cloud provider (<c>aws</c>, <c>azure</c>, <c>gcp</c>) for the region lookup (<c>CARBONATTRS_CLOUD_PROVIDER</c>).</summary>
    public string? CloudProvider { get; set; }

    /// <summary>Cloud region, e.g. <c>us-east-1</c> (<c>CARBONATTRS_CLOUD_REGION</c>).</summary>
    public string? CloudRegion { get; set; }

    /// <summary>Forced grid intensity in g CO2eq/kWh (<c>CARBONATTRS_INTENSITY_G_PER_KWH</c>); overrides every lookup.</summary>
    public double? IntensityGramsPerKwh { get; set; }

    /// <summary>Power usage effectiveness of the data centre (<c>CARBONATTRS_PUE</c>). Default 1.0.</summary>
    public double Pue { get; set; } = 1.0;

    /// <summary>Attribution mode (<c>CARBONATTRS_TRACKING_MODE</c>). Default: <see cref="CarbonAttrs.TrackingMode.Process"/>.</summary>
    public TrackingMode TrackingMode { get; set; } = TrackingMode.Process;

    /// <summary>Energy sampler period (<c>CARBONATTRS_SAMPLE_INTERVAL_MS</c>); null lets the library choose from the counters.</summary>
    public TimeSpan? SampleInterval { get; set; }

    /// <summary>Turns every probe and every write off (<c>CARBONATTRS_DISABLED=1</c>).</summary>
    public bool Disabled { get; set; }

    /// <summary>Written to <c>project_name</c> (<c>CARBONATTRS_PROJECT_NAME</c>). Default: the entry assembly's name.</summary>
    public string? ProjectName { get; set; }

    /// <summary>Where each row's grid intensity comes from (<c>CARBONATTRS_INTENSITY_PROVIDER</c>). Default: the table.</summary>
    public IntensityProvider IntensityProvider { get; set; } = IntensityProvider.Table;

    /// <summary>Electricity Maps API token (<c>CARBONATTRS_ELECTRICITYMAPS_TOKEN</c>), sent as the <c>auth-token</c> header only; never logged or written.</summary>
    public string? ElectricityMapsToken { get; set; }

    /// <summary>Electricity Maps zone, e.g. <c>FR</c> or <c>US-CAL-CISO</c> (<c>CARBONATTRS_ELECTRICITYMAPS_ZONE</c>). Default: the grid country's ISO alpha-2 code.</summary>
    public string? ElectricityMapsZone { get; set; }

    /// <summary>Electricity Maps base URL (<c>CARBONATTRS_ELECTRICITYMAPS_URL</c>). Default: <c>https://api.electricitymaps.com</c>.</summary>
    public string? ElectricityMapsUrl { get; set; }

    /// <summary>Base URL of a Carbon Aware SDK WebAPI (<c>CARBONATTRS_CARBON_AWARE_URL</c>), e.g. <c>http://localhost:8080</c>.</summary>
    public string? CarbonAwareUrl { get; set; }

    /// <summary>Location the Carbon Aware SDK knows, e.g. <c>westeurope</c> (<c>CARBONATTRS_CARBON_AWARE_LOCATION</c>). Default: the cloud region.</summary>
    public string? CarbonAwareLocation { get; set; }

    /// <summary>
    /// Runtime carbon budget of this process in kg CO2eq (<c>CARBONATTRS_BUDGET_KG</c>, json <c>budgetKgCO2e</c>); null: none.
    /// See <see cref="CarbonTracker.Budget"/> and docs/budget.md.
    /// </summary>
    public double? BudgetKgCO2e { get; set; }

    /// <summary>What happens once the budget is exceeded (<c>CARBONATTRS_BUDGET_ACTION</c>): <see cref="CarbonAttrs.BudgetAction.Warn"/> (default) or <see cref="CarbonAttrs.BudgetAction.Stop"/>.</summary>
    public BudgetAction BudgetAction { get; set; } = BudgetAction.Warn;

    /// <summary>
    /// Flood guard, per method (<c>CARBONATTRS_MAX_ROWS_PER_SECOND</c>, <c>maxRowsPerSecond</c>): when a per-row method
    /// writes more than 10 × this many rows within 10 seconds, its calls are summarized for the rest of the process
    /// (one row at least every 60 s and at exit). 0 turns the guard off. Default 1000.
    /// </summary>
    public int MaxRowsPerSecond { get; set; } = DefaultMaxRowsPerSecond;

    /// <summary>The default of <see cref="MaxRowsPerSecond"/>.</summary>
    public const int DefaultMaxRowsPerSecond = 1000;

    /// <summary>Copies every setting into a new instance.</summary>
    public CarbonAttrsOptions Clone() => (CarbonAttrsOptions)MemberwiseClone();
}
