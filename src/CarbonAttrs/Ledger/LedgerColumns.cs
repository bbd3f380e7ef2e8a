namespace CarbonAttrs.Ledger;

/// <summary>
/// The ledger's columns: every column of CodeCarbon's <c>emissions.csv</c> in CodeCarbon's order and
/// units (duration s, emissions kg CO2eq, energy kWh, power W), then CarbonAttrs' own. A contract:
/// readers outside this repository rely on these names.
/// </summary>
public static class LedgerColumns
{
    /// <summary>CodeCarbon's 38 columns, in its order (<c>EmissionsData</c>, CodeCarbon 3.3.0).</summary>
    public static readonly IReadOnlyList<string> CodeCarbon = new[]
    {
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
        "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model",
        "longitude", "latitude", "ram_total_size", "tracking_mode",
        "cpu_utilization_percent", "gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb",
        "on_cloud", "pue", "wue",
    };

    /// <summary>CarbonAttrs' columns, after CodeCarbon's.</summary>
    public static readonly IReadOnlyList<string> CarbonAttrs = new[]
    {
        "method", "status", "parent_run_id", "calls", "hyperparameters", "result", "flops", "samples",
        "cpu_energy_source", "gpu_energy_source", "ram_energy_source",
        "intensity_g_per_kwh", "intensity_source", "host", "rank", "job_id", "carbonattrs_version",
    };

    /// <summary>All columns in file order.</summary>
    public static readonly IReadOnlyList<string> All = CodeCarbon.Concat(CarbonAttrs).ToArray();

    /// <summary>The header line (no line break).</summary>
    public static readonly string Header = string.Join(",", All);
}
