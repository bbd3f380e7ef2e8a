using System.Diagnostics;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Energy;

/// <summary>
/// One background thread per process that reads every energy source at a fixed period and keeps a
/// short history of cumulative readings. Windows only look readings up (interpolated between the
/// samples that bracket their edges, extrapolated past the newest), so a tracked call never reads a
/// counter.
/// </summary>
internal sealed class EnergySampler : IDisposable
{
    private const int HistoryLength = 1024;

    /// <summary>
    /// Default period: 500 ms keeps the sampler under 0.1 % of one core (about 0.2 ms of CPU per sample,
    /// see docs/benchmarks.md) while windows of a few seconds still span many samples; counters that need
    /// faster reads (NVML power integration, RAPL wrap) shorten it.
    /// </summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(500);

    private readonly IEnergySource[] _sources;
    private readonly double[] _lastJoules;
    private readonly Func<double> _processCpuSeconds;
    private readonly Func<double>? _ramUsedGb;
    private readonly IGpuUtilizationSource[] _utilization;
    private double _lastUtilizationPercent;
    private readonly EnergySnapshot?[] _history = new EnergySnapshot?[HistoryLength];
    private readonly object _sampleLock = new();
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;
    private long _published; // number of snapshots ever published; newest is at (_published - 1) % HistoryLength
    private EnergySnapshot _latest;

    // ramUsedGb: memory in use (GiB) for the ram_used_gb column, read once per sample; null: not read.
    public EnergySampler(IReadOnlyList<IEnergySource> sources, TimeSpan period, Func<double>? processCpuSeconds = null, Func<double>? ramUsedGb = null)
    {
        _sources = sources.ToArray();
        _lastJoules = new double[_sources.Length];
        _processCpuSeconds = processCpuSeconds ?? ProcessCpuTime.TotalSeconds;
        _ramUsedGb = ramUsedGb;
        _utilization = _sources.OfType<IGpuUtilizationSource>().ToArray();
        Period = ChoosePeriod(period, _sources);
        ComponentSources = BuildSourceLabels(_sources);
        _latest = EnergySnapshot.Empty;
        SampleNow();
    }

    /// <summary>The period actually used: the requested one, shortened when a counter would wrap sooner.</summary>
    public TimeSpan Period { get; }

    /// <summary>Provenance per component, e.g. <c>measured:rapl</c>; <c>none</c> where no source exists.</summary>
    public IReadOnlyDictionary<EnergyComponent, string> ComponentSources { get; }

    public IReadOnlyList<IEnergySource> Sources => _sources;

    /// <summary>True when a GPU reports its utilisation (the <c>gpu_utilization_percent</c> column is empty otherwise).</summary>
    public bool HasGpuUtilization => _utilization.Length > 0;

    public EnergySnapshot Latest => Volatile.Read(ref _latest);

    public void Start()
    {
        if (_thread is not null)
            return;
        _thread = new Thread(Run) { IsBackground = true, Name = "CarbonAttrs energy sampler" };
        _thread.Start();
    }

    /// <summary>Reads every source now and publishes the result (sampler thread, flush, outermost windows).</summary>
    public EnergySnapshot SampleNow()
    {
        lock (_sampleLock)
        {
            var readStart = Stopwatch.GetTimestamp();
            var cpu = 0.0; var gpu = 0.0; var ram = 0.0;
            for (var i = 0; i < _sources.Length; i++)
            {
                var source = _sources[i];
                try
                {
                    if (source.TryReadTotalJoules(out var joules) && joules >= _lastJoules[i])
                        _lastJoules[i] = joules;
                }
                catch (Exception ex)
                {
                    TrackerLog.Warn("source-read:" + source.Source, $"reading {source.Source} failed ({ex.Message}); its last value is kept.");
                }

                switch (source.Component)
                {
                    case EnergyComponent.Cpu: cpu += _lastJoules[i]; break;
                    case EnergyComponent.Gpu: gpu += _lastJoules[i]; break;
                    default: ram += _lastJoules[i]; break;
                }
            }

            double cpuSeconds;
            try { cpuSeconds = _processCpuSeconds(); }
            catch { cpuSeconds = _latest.Total.ProcessCpuSeconds; }

            var utilization = ReadUtilizationPercent();
            var ramUsed = ReadRamUsedGb();

            // The counters were read over [readStart, readEnd] (several files and NVML calls): stamp the
            // reading at the middle of that span rather than its end.
            var readEnd = Stopwatch.GetTimestamp();
            var now = readStart + (readEnd - readStart) / 2;
            var previous = _latest;
            var elapsed = (now - previous.Timestamp) / (double)Stopwatch.Frequency;
            var powerKnown = elapsed > 0 && _published > 0;
            // NVML's rate describes the period just ended: integrated as percent × seconds, like a counter.
            var utilizationSeconds = previous.Total.GpuUtilizationSeconds + (powerKnown ? utilization * elapsed : 0);
            var total = new EnergyReading(cpu, gpu, ram, cpuSeconds, utilizationSeconds);
            var power = powerKnown
                ? new EnergyReading(
                    Math.Max(0, (cpu - previous.Total.CpuJoules) / elapsed),
                    Math.Max(0, (gpu - previous.Total.GpuJoules) / elapsed),
                    Math.Max(0, (ram - previous.Total.RamJoules) / elapsed),
                    Math.Max(0, (cpuSeconds - previous.Total.ProcessCpuSeconds) / elapsed),
                    utilization)
                : new EnergyReading(previous.Power.CpuJoules, previous.Power.GpuJoules, previous.Power.RamJoules, previous.Power.ProcessCpuSeconds, utilization);

            var snapshot = new EnergySnapshot(now, total, power, powerKnown || previous.PowerKnown, ramUsed);
            _history[_published % HistoryLength] = snapshot;
            Volatile.Write(ref _latest, snapshot);
            Interlocked.Increment(ref _published);
            return snapshot;
        }
    }

    // The mean over the GPUs that answered; the last value when none did (a failed read is warned about by the probe).
    private double ReadUtilizationPercent()
    {
        if (_utilization.Length == 0)
            return 0;
        var sum = 0.0;
        var read = 0;
        foreach (var source in _utilization)
        {
            try
            {
                if (source.TryReadUtilizationPercent(out var percent))
                {
                    sum += percent;
                    read++;
                }
            }
            catch (Exception ex)
            {
                TrackerLog.Warn("gpu-utilization", $"reading GPU utilisation failed ({ex.Message}); the last value is kept.");
            }
        }
        if (read > 0)
            _lastUtilizationPercent = sum / read;
        return _lastUtilizationPercent;
    }

    private double ReadRamUsedGb()
    {
        if (_ramUsedGb is null)
            return double.NaN;
        try { return _ramUsedGb(); }
        catch (Exception ex)
        {
            TrackerLog.Warn("ram-used", $"reading the memory in use failed ({ex.Message}); ram_used_gb is left empty.");
            return double.NaN;
        }
    }

    /// <summary>
    /// Cumulative energy at <paramref name="timestamp"/>: interpolated between the two samples around it
    /// when both are in the history, extrapolated from the newest sample when it is later than all of them.
    /// </summary>
    public EnergyReading ReadingAt(long timestamp)
        => TryReadingAt(timestamp, out var reading) ? reading : reading;

    /// <summary>False when <paramref name="timestamp"/> is older than the history (the oldest reading is returned then).</summary>
    public bool TryReadingAt(long timestamp, out EnergyReading reading)
    {
        var latest = Latest;
        if (timestamp >= latest.Timestamp)
        {
            reading = latest.At(timestamp);
            return true;
        }

        var published = Interlocked.Read(ref _published);
        var oldest = Math.Max(0, published - HistoryLength + 1);
        var later = latest;
        for (var n = published - 2; n >= oldest; n--)
        {
            var earlier = _history[n % HistoryLength];
            if (earlier is null || earlier.Timestamp > later.Timestamp)
                break; // overwritten while we looked
            if (earlier.Timestamp <= timestamp)
            {
                reading = Interpolate(earlier, later, timestamp);
                return true;
            }
            later = earlier;
        }

        reading = later.Total;
        return false;
    }

    /// <summary>True when a window of this length spans less than one sampling period.</summary>
    public bool IsShorterThanPeriod(long elapsedTicks) => elapsedTicks < Period.TotalSeconds * Stopwatch.Frequency;

    private static EnergyReading Interpolate(EnergySnapshot a, EnergySnapshot b, long timestamp)
    {
        var span = b.Timestamp - a.Timestamp;
        if (span <= 0)
            return a.Total;
        var f = (timestamp - a.Timestamp) / (double)span;
        return new EnergyReading(
            a.Total.CpuJoules + (b.Total.CpuJoules - a.Total.CpuJoules) * f,
            a.Total.GpuJoules + (b.Total.GpuJoules - a.Total.GpuJoules) * f,
            a.Total.RamJoules + (b.Total.RamJoules - a.Total.RamJoules) * f,
            a.Total.ProcessCpuSeconds + (b.Total.ProcessCpuSeconds - a.Total.ProcessCpuSeconds) * f,
            a.Total.GpuUtilizationSeconds + (b.Total.GpuUtilizationSeconds - a.Total.GpuUtilizationSeconds) * f);
    }

    private void Run()
    {
        while (!_stop.Wait(Period))
        {
            try { SampleNow(); }
            catch (Exception ex) { TrackerLog.Warn("sampler", $"the energy sampler failed ({ex.Message}); figures may be incomplete."); }
        }
    }

    private static TimeSpan ChoosePeriod(TimeSpan requested, IEnergySource[] sources)
    {
        var period = requested <= TimeSpan.Zero ? DefaultPeriod : requested;
        foreach (var source in sources)
        {
            if (source.MaxSamplePeriod is { } max && max > TimeSpan.Zero && max < period)
                period = max;
        }
        return period;
    }

    private static IReadOnlyDictionary<EnergyComponent, string> BuildSourceLabels(IEnergySource[] sources)
    {
        var labels = new Dictionary<EnergyComponent, string>();
        foreach (var component in new[] { EnergyComponent.Cpu, EnergyComponent.Gpu, EnergyComponent.Ram })
        {
            var names = sources.Where(s => s.Component == component).Select(s => s.Source).Distinct().ToArray();
            labels[component] = names.Length == 0 ? "none" : string.Join("+", names);
        }
        return labels;
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(2));
        foreach (var source in _sources)
        {
            try { source.Dispose(); } catch { /* closing a probe must not throw at exit */ }
        }
    }
}
