using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// Per-row mode split in two: what the calling thread pays per call (rows only enqueued; the writer is
/// flushed between iterations, outside the measurement), next to one timestamp read measured the same way.
/// </summary>
[InvocationCount(20_000, unrollFactor: 1)]
public class PerRowCallerBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "carbonattrs-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.CreateSymbolicLink(Path.Combine(_folder, "emissions.csv"), "/dev/null");
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = _folder;
            o.IntensityGramsPerKwh = 100;
        });
        Workload.PerRow(0);
        CarbonTracker.Flush();
    }

    [IterationCleanup]
    public void WriteQueuedRows() => CarbonTracker.Flush();

    [GlobalCleanup]
    public void Cleanup()
    {
        CarbonTracker.Flush();
        CarbonTracker.Configure(o => o.Disabled = true);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "tracked, per row: calling thread only")]
    public int TrackedPerRowCaller() => Workload.PerRow(1);
}
