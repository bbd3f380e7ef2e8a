using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CarbonAttrs.Energy;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// What one sampler tick costs in a tight loop, and the process counters it reads next to the .NET APIs an
/// earlier version used (a new Process object per read cost about 180 µs and 15 KB).
/// </summary>
public class SamplerReadBenchmarks
{
    private EnergySampler _sampler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new CarbonAttrsOptions();
        _sampler = new EnergySampler(EnergySourceFactory.Create(options, HardwareInfo.Detect()), TimeSpan.FromSeconds(1));
    }

    [GlobalCleanup]
    public void Cleanup() => _sampler.Dispose();

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long Timestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "one sampler tick (default sources)")]
    public object Tick() => _sampler.SampleNow();

    [Benchmark(Description = "ProcessCpuTime.TotalSeconds (clock_gettime)")]
    public double ProcessCpu() => ProcessCpuTime.TotalSeconds();

    [Benchmark(Description = "ProcessMemory.ResidentGb (/proc/self/statm)")]
    public double ProcessResident() => ProcessMemory.ResidentGb();

    [Benchmark(Description = "Process.GetCurrentProcess().WorkingSet64")]
    public long WorkingSetViaProcess()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    [Benchmark(Description = "Environment.WorkingSet")]
    public long WorkingSetViaEnvironment() => Environment.WorkingSet;

    [Benchmark(Description = "Environment.CpuUsage.TotalTime")]
    public TimeSpan CpuViaEnvironment() => Environment.CpuUsage.TotalTime;
}
