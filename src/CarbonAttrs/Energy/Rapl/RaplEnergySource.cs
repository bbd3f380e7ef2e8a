using System.Globalization;

namespace CarbonAttrs.Energy.Rapl;

/// <summary>
/// Measured energy of a set of RAPL zones (all packages for the CPU, all <c>dram</c> zones for RAM),
/// each accumulated to 64 bits across wraps. Source label <c>measured:rapl</c>.
/// </summary>
internal sealed class RaplEnergySource : IEnergySource
{
    /// <summary>
    /// A power no single zone reaches (the largest server packages stay under 500 W): the sampling
    /// period is chosen so that even at this power a counter cannot wrap twice between two reads.
    /// </summary>
    public const double DefaultPowerBoundWatts = 1000.0;

    private readonly RaplZone[] _zones;
    private readonly WrappingCounter[] _counters;

    public RaplEnergySource(EnergyComponent component, IReadOnlyList<RaplZone> zones, double powerBoundWatts = DefaultPowerBoundWatts)
    {
        if (zones.Count == 0)
            throw new ArgumentException("at least one zone is needed", nameof(zones));
        Component = component;
        _zones = zones.ToArray();
        _counters = _zones.Select(z => new WrappingCounter(z.MaxEnergyRangeMicrojoules)).ToArray();
        MaxSamplePeriod = SafePeriod(_zones, powerBoundWatts);
        // The first read fixes each counter's origin; an unreadable zone throws here, before the sampler uses it.
        foreach (var (zone, counter) in _zones.Zip(_counters, (z, c) => (z, c)))
            counter.Observe(ReadMicrojoules(zone));
    }

    public EnergyComponent Component { get; }
    public string Source => "measured:rapl";
    public TimeSpan? MaxSamplePeriod { get; }
    public IReadOnlyList<RaplZone> Zones => _zones;

    public bool TryReadTotalJoules(out double joules)
    {
        ulong total = 0;
        var complete = true;
        for (var i = 0; i < _zones.Length; i++)
        {
            if (TryReadMicrojoules(_zones[i], out var raw))
                _counters[i].Observe(raw);
            else
                complete = false; // keep this zone's last total; the next read catches up (within one wrap)
            total += _counters[i].TotalMicrojoules;
        }
        joules = total / 1e6;
        return complete; // on false the sampler keeps the last total; the next complete read catches up
    }

    /// <summary>Half the time the fastest-wrapping zone needs to wrap at <paramref name="powerBoundWatts"/>.</summary>
    internal static TimeSpan? SafePeriod(IEnumerable<RaplZone> zones, double powerBoundWatts)
    {
        var smallestRange = zones.Select(z => z.MaxEnergyRangeMicrojoules).Where(r => r > 0).DefaultIfEmpty(0UL).Min();
        if (smallestRange == 0)
            return TimeSpan.FromSeconds(1); // range unknown: read often enough for any realistic counter
        var secondsToWrap = smallestRange / 1e6 / powerBoundWatts;
        return TimeSpan.FromSeconds(Math.Max(0.001, secondsToWrap / 2));
    }

    internal static ulong ReadMicrojoules(RaplZone zone)
    {
        var text = File.ReadAllText(zone.EnergyFile).Trim();
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new IOException($"{zone.EnergyFile} holds '{text}', not a number of microjoules");
        return value;
    }

    private static bool TryReadMicrojoules(RaplZone zone, out ulong value)
    {
        try
        {
            value = ReadMicrojoules(zone);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            value = 0;
            return false;
        }
    }

    public void Dispose() { }
}
