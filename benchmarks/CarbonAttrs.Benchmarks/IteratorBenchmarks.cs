using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// What measuring an iterator costs per item: the same 1,000-item iterator enumerated untracked, tracked (one row
/// per enumeration, written here) and tracked in Summarize mode. Figures are per item (OperationsPerInvoke).
/// </summary>
public class IteratorBenchmarks
{
    private const int Items = 1000;
    private DevNullLedger? _ledger;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = new DevNullLedger();
        Consume(IteratorWorkload.PerRow(1));
        Consume(IteratorWorkload.Summarized(1));
        CarbonTracker.Flush();
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "iterator item, untracked")]
    public long Untracked() => Consume(IteratorWorkload.Untracked(Items));

    [Benchmark(OperationsPerInvoke = Items, Description = "iterator item, tracked (incl. the enumeration's row)")]
    public long TrackedPerRow()
    {
        var sum = Consume(IteratorWorkload.PerRow(Items));
        CarbonTracker.Flush();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Items, Description = "iterator item, tracked, Summarize")]
    public long TrackedSummarize() => Consume(IteratorWorkload.Summarized(Items));

    private static long Consume(IEnumerable<int> items)
    {
        long sum = 0;
        foreach (var item in items)
            sum += item;
        return sum;
    }
}

/// <summary>The measured iterators: identical bodies, differing only in tracking.</summary>
public static class IteratorWorkload
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IEnumerable<int> Untracked(int count)
    {
        for (var i = 0; i < count; i++)
            yield return i;
    }

    [TrackEmissions(RecordArguments = false)]
    public static IEnumerable<int> PerRow(int count)
    {
        for (var i = 0; i < count; i++)
            yield return i;
    }

    [TrackEmissions(Summarize = true, RecordArguments = false)]
    public static IEnumerable<int> Summarized(int count)
    {
        for (var i = 0; i < count; i++)
            yield return i;
    }
}
