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
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _joules;
    private double _lastSeconds;
    private double _gigabytesNow;
    private double _sizeReadAt = double.NaN;

    /// <summary>How often the memory size is re-read (the energy is still integrated at every sample).</summary>
    internal const double SizeRefreshSeconds = 1.0;

    public RamSizeEstimateSource(Func<double> gigabytes, string source = "estimated:ram-size")
    {
        _gigabytes = gigabytes;
        Source = source;
    }

    public EnergyComponent Component => EnergyComponent.Ram;
    public string Source { get; }
    public TimeSpan? MaxSamplePeriod => null;

    public bool TryReadTotalJoules(out double joules)
    {
        var now = _clock.Elapsed.TotalSeconds;
        // Reading a process's resident size costs about 180 µs and 15 KB (Process.WorkingSet64): most of a
        // sampler tick. Memory size moves slowly, so it is re-read at most once per SizeRefreshSeconds.
        if (double.IsNaN(_sizeReadAt) || now - _sizeReadAt >= SizeRefreshSeconds)
        {
            _gigabytesNow = Math.Max(0, _gigabytes());
            _sizeReadAt = now;
        }
        _joules += _gigabytesNow * WattsPerGb * (now - _lastSeconds);
        _lastSeconds = now;
        joules = _joules;
        return true;
    }

    public void Dispose() { }
}
