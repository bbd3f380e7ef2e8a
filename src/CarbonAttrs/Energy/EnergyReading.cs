namespace CarbonAttrs.Energy;

/// <summary>Cumulative joules per component at one instant (a plain value: no allocation on the hot path).</summary>
internal readonly struct EnergyReading
{
    public EnergyReading(double cpuJoules, double gpuJoules, double ramJoules, double cpuSeconds, double gpuUtilizationSeconds = 0)
    {
        CpuJoules = cpuJoules;
        GpuJoules = gpuJoules;
        RamJoules = ramJoules;
        ProcessCpuSeconds = cpuSeconds;
        GpuUtilizationSeconds = gpuUtilizationSeconds;
    }

    public double CpuJoules { get; }
    public double GpuJoules { get; }
    public double RamJoules { get; }

    /// <summary>CPU time this process had used (seconds), for utilisation.</summary>
    public double ProcessCpuSeconds { get; }

    /// <summary>
    /// GPU utilisation integrated over time (percent × seconds, averaged over the GPUs read): a counter like the others,
    /// so a window's average utilisation is its difference over the window's length, interpolated at its edges.
    /// </summary>
    public double GpuUtilizationSeconds { get; }

    /// <summary>The energy between two readings, never negative.</summary>
    public EnergyReading Until(EnergyReading later) => new(
        Math.Max(0, later.CpuJoules - CpuJoules),
        Math.Max(0, later.GpuJoules - GpuJoules),
        Math.Max(0, later.RamJoules - RamJoules),
        Math.Max(0, later.ProcessCpuSeconds - ProcessCpuSeconds),
        Math.Max(0, later.GpuUtilizationSeconds - GpuUtilizationSeconds));

    /// <summary>The energy times <paramref name="share"/> (CPU seconds and GPU utilisation unchanged: they are not split).</summary>
    public EnergyReading Scaled(double share)
        => share >= 1.0 ? this : new(CpuJoules * share, GpuJoules * share, RamJoules * share, ProcessCpuSeconds, GpuUtilizationSeconds);

    public double this[EnergyComponent component] => component switch
    {
        EnergyComponent.Cpu => CpuJoules,
        EnergyComponent.Gpu => GpuJoules,
        _ => RamJoules,
    };
}
