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
    private DevNullLedger? _ledger;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = new DevNullLedger();
        Workload.PerRow(0);
        CarbonTracker.Flush();
    }

    [IterationCleanup]
    public void WriteQueuedRows() => CarbonTracker.Flush();

    [GlobalCleanup]
    public void Cleanup() => _ledger?.Dispose();

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "tracked, per row: calling thread only")]
    public int TrackedPerRowCaller() => Workload.PerRow(1);
}
