namespace CarbonAttrs.Energy;

/// <summary>A probe that also reports how busy its GPU was (NVML utilisation rates), read by the sampler with the energy.</summary>
internal interface IGpuUtilizationSource
{
    /// <summary>
    /// Percent of the last sample period during which a kernel ran on the GPU (0–100). Called only from the sampler
    /// thread; false when it could not be read this time.
    /// </summary>
    bool TryReadUtilizationPercent(out double percent);
}
