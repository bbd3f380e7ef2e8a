using BenchmarkDotNet.Attributes;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// The writer thread's share of a per-row call: formatting one typical row into the UTF-8 buffer (what the
/// ledger now does), next to the string per field it did before (kept here as the comparison).
/// </summary>
public class LedgerFormatBenchmarks
{
    private readonly LedgerLineBuffer _buffer = new();
    private LedgerRowFormatter _formatter = null!;
    private TrackerRuntime _runtime = null!;
    private CarbonMeasurement _row = null!;
    private CarbonMeasurement _measuredRow = null!;

    [GlobalSetup]
    public void Setup()
    {
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = Path.GetTempPath();
            o.IntensityGramsPerKwh = 100;
        });
        _runtime = TrackerRuntime.CurrentOrNull()!;
        _formatter = new LedgerRowFormatter(_runtime);
        _row = new CarbonMeasurement
        {
            RunId = Guid.NewGuid(), Name = "PerRow", StartedAt = DateTimeOffset.UtcNow, Duration = TimeSpan.FromTicks(1234),
            CpuJoules = 1.234567e-5, RamJoules = 2.345678e-6, ProcessCpuSeconds = 1.1e-7, Pue = 1.58, Intensity = _runtime.Intensity,
            CpuSource = "estimated:cpu-time(interpolated)", RamSource = "estimated:ram(interpolated)",
        };
        // As rows come from the sampler: joules = power × seconds of real readings, every figure at full precision.
        var seconds = 0.0012347;
        _measuredRow = new CarbonMeasurement
        {
            RunId = Guid.NewGuid(), Name = "PerRow", StartedAt = DateTimeOffset.UtcNow, Duration = TimeSpan.FromTicks(12347),
            CpuJoules = 37.81234567 * seconds, RamJoules = 5.0931 * seconds, ProcessCpuSeconds = 0.9137 * seconds, Pue = 1.58,
            Intensity = _runtime.Intensity, CpuSource = "measured:rapl(interpolated)", RamSource = "estimated:ram(interpolated)",
        };
    }

    [GlobalCleanup]
    public void Cleanup() => CarbonTracker.Configure(o => o.Disabled = true);

    [Benchmark(Baseline = true, Description = "format a row into the UTF-8 buffer")]
    public int Utf8()
    {
        _buffer.Clear();
        _formatter.Write(_row, _buffer);
        return _buffer.Length;
    }

    [Benchmark(Description = "format a row of full-precision figures (as measured rows are)")]
    public int Utf8Measured()
    {
        _buffer.Clear();
        _formatter.Write(_measuredRow, _buffer);
        return _buffer.Length;
    }

    [Benchmark(Description = "format a row as strings (before)")]
    public int Strings() => System.Text.Encoding.UTF8.GetByteCount(CarbonAttrs.Tests.Ledger.ReferenceRowFormatter.Format(_row, _runtime) + "\n");
}
