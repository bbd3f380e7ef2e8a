using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// Whether the ledger's "R" costs more than the default format (the same shortest round-trip text on .NET Core 3.0+):
/// it does not (68.5 against 69.7 ns per double, 2026-12-07), so the ledger keeps "R", which is also round-trip on
/// .NET Framework. 256 doubles of ledger magnitudes (1e-3 to 1e-12, full precision) per invocation, UTF-8 into a span.
/// </summary>
public class NumberFormatBenchmarks
{
    private readonly byte[] _buffer = new byte[64];
    private double[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _values = Enumerable.Range(0, 256).Select(_ => random.NextDouble() * Math.Pow(10, -random.Next(3, 13))).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 256, Description = "double.TryFormat, default format")]
    public int Default() => Format(default);

    [Benchmark(OperationsPerInvoke = 256, Description = "double.TryFormat, \"R\"")]
    public int R() => Format("R");

    private int Format(ReadOnlySpan<char> format)
    {
        var total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_buffer, out var written, format, CultureInfo.InvariantCulture);
            total += written;
        }
        return total;
    }
}
