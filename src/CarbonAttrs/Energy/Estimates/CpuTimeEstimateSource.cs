namespace CarbonAttrs.Energy.Estimates;

/// <summary>
/// CPU energy when no counter can be read: CPU seconds used × watts per busy hardware thread
/// (the package TDP divided by its threads when the model is known, else a documented default).
/// </summary>
internal sealed class CpuTimeEstimateSource : IEnergySource
{
    /// <summary>Watts per busy hardware thread when the CPU model is not in the TDP table.</summary>
    public const double DefaultWattsPerThread = 10.0;

    private readonly Func<double> _busyCpuSeconds;
    private readonly double _start;

    public CpuTimeEstimateSource(double wattsPerThread, Func<double> busyCpuSeconds, string source = "estimated:cpu-time")
    {
        WattsPerThread = wattsPerThread;
        _busyCpuSeconds = busyCpuSeconds;
        _start = busyCpuSeconds();
        Source = source;
    }

    public double WattsPerThread { get; }
    public EnergyComponent Component => EnergyComponent.Cpu;
    public string Source { get; }
    public TimeSpan? MaxSamplePeriod => null;

    public bool TryReadTotalJoules(out double joules)
    {
        joules = Math.Max(0, _busyCpuSeconds() - _start) * WattsPerThread;
        return true;
    }

    public void Dispose() { }
}
