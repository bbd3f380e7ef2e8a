using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// What a tracked call costs: an empty method untracked, one timestamp read, the same method tracked in
/// Summarize mode and in per-row mode (through the generated interceptors, as a user's build has them).
/// </summary>
public class TrackedCallBenchmarks
{
    private const int RowsPerInvoke = 1000;
    private DevNullLedger? _ledger;
    private int _value = 1;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = new DevNullLedger();
        Workload.Summarized(0);
        Workload.PerRow(0);
        CarbonTracker.Flush();
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger?.Dispose();

    [Benchmark(Baseline = true, Description = "empty method, untracked")]
    public int Untracked() => Workload.Untracked(_value);

    [Benchmark(Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "tracked, Summarize")]
    public int TrackedSummarize() => Workload.Summarized(_value);

    /// <summary>Per-row mode, amortised: the calls plus formatting and writing their rows (Flush runs the writer here).</summary>
    [Benchmark(OperationsPerInvoke = RowsPerInvoke, Description = "tracked, per row (incl. writing the row)")]
    public int TrackedPerRow()
    {
        var sum = 0;
        for (var i = 0; i < RowsPerInvoke; i++)
            sum += Workload.PerRow(i);
        CarbonTracker.Flush();
        return sum;
    }

    /// <summary>
    /// A window the user opens with <see cref="CarbonTracker.Track"/>: as per row, plus the finalizable guard a
    /// top-level manual window carries in case it is never disposed (generated calls have none).
    /// </summary>
    [Benchmark(OperationsPerInvoke = RowsPerInvoke, Description = "CarbonTracker.Track window, per row (incl. writing the row)")]
    public int ManualWindow()
    {
        for (var i = 0; i < RowsPerInvoke; i++)
        {
            using var window = CarbonTracker.Track("manual");
        }
        CarbonTracker.Flush();
        return RowsPerInvoke;
    }
}

/// <summary>The measured methods: identical bodies, differing only in tracking.</summary>
public static class Workload
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Untracked(int x) => x;

    [TrackEmissions(Summarize = true, RecordArguments = false, RecordResult = false)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Summarized(int x) => x;

    [TrackEmissions(RecordArguments = false, RecordResult = false)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PerRow(int x) => x;
}
