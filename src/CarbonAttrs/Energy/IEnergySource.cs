namespace CarbonAttrs.Energy;

/// <summary>
/// The seam every probe plugs into: a cumulative energy counter for one component. Measured probes
/// (RAPL, NVML) and estimates implement it alike; the sampler reads them, windows never do.
/// </summary>
internal interface IEnergySource : IDisposable
{
    /// <summary>Which component the joules belong to.</summary>
    EnergyComponent Component { get; }

    /// <summary>Provenance written to the ledger, e.g. <c>measured:rapl</c> or <c>estimated:cpu-time</c>.</summary>
    string Source { get; }

    /// <summary>
    /// Joules drawn since the source was opened (monotonic, 64-bit accumulated). Called only from the
    /// sampler thread. False when the counter could not be read this time (the sampler keeps the last value).
    /// </summary>
    bool TryReadTotalJoules(out double joules);

    /// <summary>The longest period between two reads that keeps the counter correct (e.g. before a wrap), or null.</summary>
    TimeSpan? MaxSamplePeriod { get; }
}
