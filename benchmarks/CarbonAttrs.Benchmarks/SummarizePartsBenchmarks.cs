using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CarbonAttrs.Energy;

namespace CarbonAttrs.Benchmarks;

/// <summary>The pieces of a Summarize call (Begin: timestamp + extrapolation; End: timestamp, energy look-up, locked adds).</summary>
public class SummarizePartsBenchmarks
{
    private TrackerRuntime _runtime = null!;
    private long _start;
    private EnergySnapshot _snapshot = null!;
    private long _a, _b, _c, _d, _e, _f, _g;

    [GlobalSetup]
    public void Setup()
    {
        CarbonTracker.Configure(o => o.OutputDirectory = Path.GetTempPath());
        _runtime = TrackerRuntime.CurrentOrNull()!;
        _start = Stopwatch.GetTimestamp();
        _snapshot = _runtime.Sampler!.Latest;
    }

    [GlobalCleanup]
    public void Cleanup() => CarbonTracker.Configure(o => o.Disabled = true);

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long Timestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "TrackerRuntime.CurrentOrNull()")]
    public object? Current() => TrackerRuntime.CurrentOrNull();

    [Benchmark(Description = "sampler.Latest.At(now) (Begin's extrapolation)")]
    public double Extrapolate() => _runtime.Sampler!.Latest.At(Stopwatch.GetTimestamp()).CpuJoules;

    [Benchmark(Description = "runtime.EnergyBetween(start, snapshot, now)")]
    public double EnergyBetween() => _runtime.EnergyBetween(_start, _snapshot, Stopwatch.GetTimestamp()).CpuJoules;

    [Benchmark(Description = "7 Interlocked.Add (uncontended)")]
    public long SevenLockedAdds()
    {
        Interlocked.Add(ref _a, 1); Interlocked.Add(ref _b, 2); Interlocked.Add(ref _c, 3); Interlocked.Add(ref _d, 4);
        Interlocked.Add(ref _e, 5); Interlocked.Add(ref _f, 6);
        return Interlocked.Add(ref _g, 7);
    }
}
