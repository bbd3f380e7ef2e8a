namespace CarbonAttrs.Footprint.Ledgers;

/// <summary>Which tool wrote a ledger: CarbonAttrs (CodeCarbon's columns plus ours) or CodeCarbon alone.</summary>
internal enum LedgerFormat
{
    CarbonAttrs,
    CodeCarbon,
}

/// <summary>
/// One row of an emissions ledger, in the ledger's own units (duration s, energy kWh, emissions kg CO2eq).
/// Energy figures are as written, i.e. already multiplied by the row's PUE.
/// </summary>
internal sealed record LedgerRow
{
    public required string File { get; init; }
    public required int Line { get; init; }
    public required LedgerFormat Format { get; init; }

    /// <summary>When the window closed (both tools write the end time).</summary>
    public required DateTimeOffset End { get; init; }
    public required double DurationSeconds { get; init; }
    public DateTimeOffset Start => End - TimeSpan.FromSeconds(DurationSeconds);

    public required string RunId { get; init; }
    public string? ParentRunId { get; init; }
    public string ProjectName { get; init; } = "";
    public string ExperimentId { get; init; } = "";
    /// <summary>The tracked method (CarbonAttrs rows); CodeCarbon rows are named after their project.</summary>
    public string Method { get; init; } = "";
    public string Status { get; init; } = "ok";
    public long Calls { get; init; } = 1;

    public required double EmissionsKg { get; init; }
    public required double EnergyKwh { get; init; }
    public double CpuKwh { get; init; }
    public double GpuKwh { get; init; }
    public double RamKwh { get; init; }
    public string CpuSource { get; init; } = "";
    public string GpuSource { get; init; } = "";
    public string RamSource { get; init; } = "";

    public double? IntensityGramsPerKwh { get; init; }
    public string IntensitySource { get; init; } = "";
    public double? Pue { get; init; }
    public string CountryIsoCode { get; init; } = "";
    public string CountryName { get; init; } = "";
    public string CloudProvider { get; init; } = "";
    public string CloudRegion { get; init; } = "";

    public string CpuModel { get; init; } = "";
    public int? CpuCount { get; init; }
    public string GpuModel { get; init; } = "";
    public int? GpuCount { get; init; }
    public string Os { get; init; } = "";

    /// <summary><c>machine</c> or <c>process</c> (CodeCarbon's default is machine).</summary>
    public string TrackingMode { get; init; } = "";
    public string Host { get; init; } = "";
    public string Rank { get; init; } = "";
    public string ToolVersion { get; init; } = "";

    /// <summary>The hyperparameters JSON object as written (empty when none).</summary>
    public string HyperparametersJson { get; init; } = "";
    public IReadOnlyList<KeyValuePair<string, string>> Hyperparameters { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>The <c>result</c> column when it is a number (accuracy, loss, ...).</summary>
    public double? Result { get; init; }
    /// <summary>The <c>flops</c> column: floating-point operations counted in the window (nested windows included); null when not counted.</summary>
    public double? Flops { get; init; }
    /// <summary>The <c>samples</c> column: examples processed in the window (nested windows included); null when not counted.</summary>
    public double? Samples { get; init; }

    /// <summary>Intensity as written, else derived from emissions / energy.</summary>
    public double? EffectiveIntensity => IntensityGramsPerKwh ?? (EnergyKwh > 0 ? EmissionsKg * 1000 / EnergyKwh : null);

    /// <summary>Rows without a host are assumed to come from one machine per file (CodeCarbon writes no host).</summary>
    public string HostKey => Host.Length > 0 ? Host : "(no host) " + File;

    public bool IsMachineMode => string.Equals(TrackingMode, "machine", StringComparison.OrdinalIgnoreCase);

    public string Location => $"{File}:{Line}";
}
