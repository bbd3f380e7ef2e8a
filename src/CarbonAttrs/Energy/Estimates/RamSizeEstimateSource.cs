using System.Diagnostics;

namespace CarbonAttrs.Energy.Estimates;

/// <summary>
/// RAM energy when RAPL <c>dram</c> cannot be read: 0.375 W per GiB (the figure CodeCarbon uses for
/// DDR4 DIMMs: about 3 W per 8 GiB), applied to the memory this process holds (process mode) or to all
/// installed memory (machine mode), integrated over time.
/// </summary>
internal sealed class RamSizeEstimateSource : IEnergySource
{
    public const double WattsPerGb = 0.375;

    private readonly Func<double> _gigabytes;
    private readonly Func<double> _seconds;
    private double _joules;
    private double _lastSeconds;

    // seconds: a monotonic clock (a Stopwatch unless a test scripts it).
    public RamSizeEstimateSource(Func<double> gigabytes, string source = "estimated:ram-size", Func<double>? seconds = null)
    {
        _gigabytes = gigabytes;
        Source = source;
        if (seconds is null)
        {
            var clock = Stopwatch.StartNew();
            seconds = () => clock.Elapsed.TotalSeconds;
        }
        _seconds = seconds;
        _lastSeconds = seconds();
    }

    public EnergyComponent Component => EnergyComponent.Ram;
    public string Source { get; }
    public TimeSpan? MaxSamplePeriod => null;

    public bool TryReadTotalJoules(out double joules)
    {
        var now = _seconds();
        _joules += Math.Max(0, _gigabytes()) * WattsPerGb * (now - _lastSeconds);
        _lastSeconds = now;
        joules = _joules;
        return true;
    }

    public void Dispose() { }
}
