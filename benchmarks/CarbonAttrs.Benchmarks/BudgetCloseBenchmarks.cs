using BenchmarkDotNet.Attributes;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// The runtime budget's share of a closed window (issue 14's per-run accounting): a window of a loop's method and
/// of a method in no loop, each closed again and again into a budget without a limit and one with a limit.
/// </summary>
public class BudgetCloseBenchmarks
{
    private static readonly CarbonIntensity Forced = new(100, "forced");
    private CarbonBudget _unlimited = null!, _limited = null!;
    private CarbonWindow _loopWindow = null!, _plainWindow = null!;
    private CarbonMeasurement _loopRun = null!, _plainRun = null!;

    [GlobalSetup]
    public void Setup()
    {
        var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Train", "Program.cs", 25, 1_000_000_000) });
        _unlimited = new CarbonBudget(null, BudgetAction.Warn, () => inventory);
        _limited = new CarbonBudget(1e9, BudgetAction.Warn, () => inventory);
        _loopWindow = new CarbonWindow(null, "Train", null);
        _loopWindow.Dispose();
        _plainWindow = new CarbonWindow(null, "Evaluate", null);
        _plainWindow.Dispose();
        _loopRun = new CarbonMeasurement { Name = _loopWindow.Name, CpuJoules = 1e-6, Intensity = Forced, Pue = 1 };
        _plainRun = new CarbonMeasurement { Name = _plainWindow.Name, CpuJoules = 1e-6, Intensity = Forced, Pue = 1 };
        CarbonBudget.LineSink = null;
    }

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => System.Diagnostics.Stopwatch.GetTimestamp();

    [Benchmark(Description = "close: loop method, no limit")]
    public void LoopNoLimit() => _unlimited.OnWindowClosed(_loopWindow, _loopRun, 0);

    [Benchmark(Description = "close: method in no loop, no limit")]
    public void PlainNoLimit() => _unlimited.OnWindowClosed(_plainWindow, _plainRun, 0);

    [Benchmark(Description = "close: loop method, with a limit")]
    public void LoopLimited() => _limited.OnWindowClosed(_loopWindow, _loopRun, 0);
}
