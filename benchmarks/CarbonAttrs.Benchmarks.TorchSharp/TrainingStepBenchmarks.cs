using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// One training step of a small MLP on CPU (batch 256, 32 → 256 → 256 → 10, Adam), untracked and tracked
/// (one ledger row per step, and Summarize), and tracked with FLOPs counted (<c>CarbonTorch.CountFlops</c> on a second,
/// identical model, so its hooks never run in the other variants). The target: tracking adds under 1 % to the step.
/// </summary>
public class TrainingStepBenchmarks
{
    private nn.Module<Tensor, Tensor> _model = null!;
    private optim.Optimizer _optimizer = null!;
    private nn.Module<Tensor, Tensor> _countedModel = null!;
    private optim.Optimizer _countedOptimizer = null!;
    private IDisposable _counting = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private string _folder = "";

    /// <summary>Rows go to a real file in a temp folder instead of /dev/null (counted runs, a few hundred rows).</summary>
    public bool LedgerInFile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1); // one core: less noise on a shared machine
        manual_seed(1);
        _model = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        manual_seed(1);
        _countedModel = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));
        _countedOptimizer = optim.Adam(_countedModel.parameters(), lr: 1e-3);
        _counting = CarbonAttrs.TorchSharp.CarbonTorch.CountFlops(_countedModel);
        _x = randn(256, 32);
        _y = randint(0, 10, 256, dtype: int64);

        // Rows take the real formatter and writer path into /dev/null, so a long run cannot fill the disk; or into
        // a file of this process's own (LedgerInFile): the ledger's flock on /dev/null is shared by every process
        // that writes such a ledger, so processes running side by side would wait for each other.
        _folder = Path.Combine(Path.GetTempPath(), "carbonattrs-bench-torch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (!LedgerInFile)
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
        _counting.Dispose();
        CarbonTracker.Flush();
        CarbonTracker.Configure(o => o.Disabled = true);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "training step, untracked")]
    public float Untracked() => Step();

    [Benchmark(Description = "training step, [TrackEmissions] (one row per step)")]
    public float PerRow() => TrackedStep();

    [Benchmark(Description = "training step, [TrackEmissions(Summarize = true)]")]
    public float Summarized() => SummarizedStep();

    [Benchmark(Description = "training step, [TrackEmissions] (one row per step) + CountFlops")]
    public float PerRowCountingFlops() => TrackedCountedStep();

    [TrackEmissions(RecordArguments = false)]
    private float TrackedStep() => Step();

    [TrackEmissions(RecordArguments = false)]
    private float TrackedCountedStep() => Step(_countedModel, _countedOptimizer);

    [TrackEmissions(Summarize = true)]
    private float SummarizedStep() => Step();

    private float Step() => Step(_model, _optimizer);

    private float Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(_x), _y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
