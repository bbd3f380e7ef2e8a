using System.Globalization;
using BenchmarkDotNet.Attributes;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// One ledger number into UTF-8: the runtime's TryFormat (default format, what the ledger used) against the Ryū
/// formatter that writes the same bytes. 1,000 ledger-like doubles (products and quotients of values over
/// 1e-12 .. 1e6, mostly 15-17 significant digits) per invocation; times are per number.
/// </summary>
public class DoubleFormatBenchmarks
{
    private const int Count = 1_000;
    private readonly byte[] _buffer = new byte[64];
    private double[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1729);
        double Operand() => Math.Pow(10, random.NextDouble() * 18 - 12) * (1 + random.NextDouble());
        _values = new double[Count];
        for (var i = 0; i < Count; i++)
            _values[i] = i % 2 == 0 ? Operand() * Operand() : Operand() / Operand();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "double.TryFormat (default, invariant)")]
    public int TryFormat()
    {
        var total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_buffer, out var written, default, CultureInfo.InvariantCulture);
            total += written;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "ShortestDoubleFormatter (Ryū)")]
    public int Ryu()
    {
        var total = 0;
        foreach (var value in _values)
            total += ShortestDoubleFormatter.Format(value, _buffer);
        return total;
    }
}
