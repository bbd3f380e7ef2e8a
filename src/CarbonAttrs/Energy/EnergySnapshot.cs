using System.Diagnostics;

namespace CarbonAttrs.Energy;

/// <summary>
/// The sampler's latest published state: cumulative energy at one timestamp plus the power seen over
/// the last period, so any instant after it can be extrapolated without reading a counter.
/// Immutable; replaced (not mutated) by the sampler thread.
/// </summary>
internal sealed class EnergySnapshot
{
    public EnergySnapshot(long timestamp, EnergyReading total, EnergyReading power, bool powerKnown = true, double ramUsedGb = double.NaN)
    {
        Timestamp = timestamp;
        Total = total;
        Power = power;
        PowerKnown = powerKnown;
        RamUsedGb = ramUsedGb;
    }

    /// <summary>
    /// Memory in use at this sample, in GiB (process mode: this process's resident memory; machine mode: the machine's
    /// used memory); NaN when it could not be read. A level, not a counter: rows take the value of the newest sample.
    /// </summary>
    public double RamUsedGb { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the read.</summary>
    public long Timestamp { get; }

    /// <summary>Cumulative joules (and CPU seconds) at <see cref="Timestamp"/>.</summary>
    public EnergyReading Total { get; }

    /// <summary>Watts per component (and CPU seconds per second) over the last sampling period.</summary>
    public EnergyReading Power { get; }

    /// <summary>
    /// False for the sampler's first reading: with no earlier one, its <see cref="Power"/> is a placeholder 0,
    /// and extrapolating from it would give a window 0 J. Callers read the counters again instead.
    /// </summary>
    public bool PowerKnown { get; }

    public static readonly EnergySnapshot Empty = new(Stopwatch.GetTimestamp(), default, default, powerKnown: false);

    /// <summary>Cumulative energy at <paramref name="timestamp"/>: linear from the last sample at the last power.</summary>
    public EnergyReading At(long timestamp)
    {
        var seconds = (timestamp - Timestamp) / (double)Stopwatch.Frequency;
        if (seconds <= 0)
            return Total;
        return new EnergyReading(
            Total.CpuJoules + Power.CpuJoules * seconds,
            Total.GpuJoules + Power.GpuJoules * seconds,
            Total.RamJoules + Power.RamJoules * seconds,
            Total.ProcessCpuSeconds + Power.ProcessCpuSeconds * seconds,
            Total.GpuUtilizationSeconds + Power.GpuUtilizationSeconds * seconds);
    }
}
