using System.Diagnostics;

namespace CarbonAttrs.Energy;

/// <summary>
/// The sampler's latest published state: cumulative energy at one timestamp plus the power seen over
/// the last period, so any instant after it can be extrapolated without reading a counter.
/// Immutable; replaced (not mutated) by the sampler thread.
/// </summary>
internal sealed class EnergySnapshot
{
    public EnergySnapshot(long timestamp, EnergyReading total, EnergyReading power)
    {
        Timestamp = timestamp;
        Total = total;
        Power = power;
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the read.</summary>
    public long Timestamp { get; }

    /// <summary>Cumulative joules (and CPU seconds) at <see cref="Timestamp"/>.</summary>
    public EnergyReading Total { get; }

    /// <summary>Watts per component (and CPU seconds per second) over the last sampling period.</summary>
    public EnergyReading Power { get; }

    public static readonly EnergySnapshot Empty = new(Stopwatch.GetTimestamp(), default, default);

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
            Total.ProcessCpuSeconds + Power.ProcessCpuSeconds * seconds);
    }
}
