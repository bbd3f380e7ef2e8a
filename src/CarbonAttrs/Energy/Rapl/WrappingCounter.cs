namespace CarbonAttrs.Energy.Rapl;

/// <summary>
/// Turns a counter that wraps at <c>max_energy_range_uj</c> into a 64-bit running total. Correct as
/// long as it is read at least once per wrap, which the sampler guarantees through
/// <see cref="RaplEnergySource.MaxSamplePeriod"/>; any number of wraps over a long window is fine.
/// </summary>
internal sealed class WrappingCounter
{
    private readonly ulong _range;
    private ulong _last;
    private bool _started;

    public WrappingCounter(ulong maxEnergyRange) => _range = maxEnergyRange;

    /// <summary>Microjoules accumulated since the first reading.</summary>
    public ulong TotalMicrojoules { get; private set; }

    /// <summary>Counts the increase from the previous reading to <paramref name="raw"/>, across one wrap if the value went down.</summary>
    public void Observe(ulong raw)
    {
        if (!_started)
        {
            _started = true;
            _last = raw;
            return;
        }
        ulong delta;
        if (raw >= _last)
            delta = raw - _last;
        else if (_range > _last)
            delta = _range - _last + raw; // wrapped once: up to the range, then from zero
        else
            delta = raw; // range unknown or smaller than the old value: count what is certain
        TotalMicrojoules += delta;
        _last = raw;
    }
}
