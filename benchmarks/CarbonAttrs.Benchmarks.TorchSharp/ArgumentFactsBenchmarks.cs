using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// What recording a model's and an optimizer's facts (issue 21) adds to a tracked call that takes them: the same
/// training step as <see cref="TrainingStepBenchmarks"/> (MLP 32 → 256 → 256 → 10, batch 256, Adam), tracked with and
/// without the facts, plus an empty tracked body to show the facts' own cost in nanoseconds.
/// </summary>
public class ArgumentFactsBenchmarks
{
    private nn.Module<Tensor, Tensor> _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        manual_seed(1);
        _model = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        _x = randn(256, 32);
        _y = randint(0, 10, 256, dtype: int64);
        // Rows go to /dev/null through the real formatter and writer (see TrainingStepBenchmarks).
        _folder = Path.Combine(Path.GetTempPath(), "carbonattrs-bench-facts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.CreateSymbolicLink(Path.Combine(_folder, "emissions.csv"), "/dev/null");
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = _folder;
            o.IntensityGramsPerKwh = 100;
            o.Disabled = false; // Configure composes: the previous benchmark's cleanup turned tracking off
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CarbonTracker.Flush();
        CarbonTracker.Configure(o => o.Disabled = true);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "training step, tracked, RecordArguments = false")]
    public float StepWithoutFacts() => Runs.StepWithoutFacts(_model, _optimizer, _x, _y);

    [Benchmark(Description = "training step, tracked, model + optimizer facts")]
    public float StepWithFacts() => Runs.StepWithFacts(_model, _optimizer, _x, _y);

    [Benchmark(Description = "empty body, tracked, RecordArguments = false")]
    public int EmptyWithoutFacts() => Runs.EmptyWithoutFacts(_model, _optimizer);

    [Benchmark(Description = "empty body, tracked, model + optimizer facts")]
    public int EmptyWithFacts() => Runs.EmptyWithFacts(_model, _optimizer);
}

/// <summary>The tracked methods: identical bodies, only <c>RecordArguments</c> differs.</summary>
public static class Runs
{
    [TrackEmissions(Name = "bench.step.no-facts", RecordArguments = false)]
    public static float StepWithoutFacts(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y) => Step(model, optimizer, x, y);

    [TrackEmissions(Name = "bench.step.facts")]
    public static float StepWithFacts(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y) => Step(model, optimizer, x, y);

    [TrackEmissions(Name = "bench.empty.no-facts", RecordArguments = false)]
    public static int EmptyWithoutFacts(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer) => 0;

    [TrackEmissions(Name = "bench.empty.facts")]
    public static int EmptyWithFacts(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer) => 0;

    private static float Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
