using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>The pieces a per-row call is made of, to see where its time goes.</summary>
public class PerRowPartsBenchmarks
{
    private static readonly AsyncLocal<object?> Ambient = new();
    private readonly object _value = new();
    private readonly AutoResetEvent _event = new(false);

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "Guid.NewGuid()")]
    public Guid NewGuid() => Guid.NewGuid();

    [Benchmark(Description = "RunIds.Next() (run_id, batched randomness)")]
    public Guid RunId() => RunIds.Next();

    [Benchmark(Description = "DateTimeOffset.UtcNow")]
    public DateTimeOffset UtcNow() => DateTimeOffset.UtcNow;

    [Benchmark(Description = "AsyncLocal set + restore")]
    public void AsyncLocalSetRestore()
    {
        var previous = Ambient.Value;
        Ambient.Value = _value;
        Ambient.Value = previous;
    }

    [Benchmark(Description = "AutoResetEvent.Set()")]
    public bool EventSet() => _event.Set();

    [Benchmark(Description = "window open + close, tracking disabled")]
    public void WindowWithoutRuntime() => new CarbonWindow(null, "w", null).Dispose();
}
