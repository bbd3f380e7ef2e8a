using CarbonAttrs.Generators.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests.Arguments;

/// <summary>
/// A tracked method that takes a model, an optimizer, a scheduler or a device records their facts as hyperparameters
/// under the parameter's name (issue 21): real TorchSharp objects, generated code compiled and run.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class TorchArgumentFactsTests
{
    // conv1: 1 × 4 × 3 × 3 weights + 4 biases; conv2: 4 × 8 × 3 × 3 + 8; fc: 72 × 10 + 10.
    private const long CnnParameters = (1 * 4 * 3 * 3 + 4) + (4 * 8 * 3 * 3 + 8) + (72 * 10 + 10); // 1066
    // 20 → 32 → 10: 20 × 32 + 32, 32 × 10 + 10.
    private const long MlpParameters = (20 * 32 + 32) + (32 * 10 + 10); // 1002

    [Fact]
    public void A_CNN_trained_with_Adam_records_the_model_and_the_optimizer()
    {
        using var tracker = new TemporaryTracker();
        manual_seed(7);
        var model = new SmallCnn();
        var optimizer = optim.Adam(model.parameters(), lr: 0.003, beta1: 0.8, beta2: 0.99, weight_decay: 0.0001);
        using var x = randn(16, 1, 12, 12);
        using var y = randint(0, 10, 16, dtype: ScalarType.Int64);

        var measured = TrainingConsumer.Measure(() => TrainingConsumer.Loaded.Invoke("Calls", "Train", model, optimizer, x, y));

        var h = TrainingConsumer.Hyperparameters(Assert.Single(measured));
        Assert.Equal("SmallCnn", h["model"]);
        Assert.Equal(1066L, CnnParameters);
        Assert.Equal(CnnParameters, h["model_parameters"]);
        Assert.Equal(CnnParameters, h["model_trainable_parameters"]);
        Assert.Equal("cpu", h["model_device"]);
        Assert.Equal("float32", h["model_dtype"]);
        Assert.Equal("Adam", h["optimizer"]);
        Assert.Equal(0.003, h["optimizer_lr"]);
        Assert.Equal(0.0001, h["optimizer_weight_decay"]);
        Assert.Equal("(0.8, 0.99)", h["optimizer_betas"]);
        Assert.False(h.ContainsKey("optimizer_momentum"));
        Assert.Equal(2, h["epochs"]);
        // Tensors are data, not facts: nothing is recorded for x and y.
        Assert.Equal(new[] { "epochs", "model", "model_parameters", "model_trainable_parameters", "model_device", "model_dtype",
            "optimizer", "optimizer_lr", "optimizer_weight_decay", "optimizer_betas" }, h.Keys);
    }

    [Fact]
    public void An_MLP_trained_with_SGD_records_its_size_learning_rate_momentum_and_weight_decay()
    {
        using var tracker = new TemporaryTracker();
        manual_seed(7);
        var model = nn.Sequential(("fc1", nn.Linear(20, 32)), ("relu", nn.ReLU()), ("fc2", nn.Linear(32, 10)));
        var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 0.0005);
        using var x = randn(16, 20);
        using var y = randint(0, 10, 16, dtype: ScalarType.Int64);

        var measured = TrainingConsumer.Measure(() => TrainingConsumer.Loaded.Invoke("Calls", "Train", model, optimizer, x, y));

        var h = TrainingConsumer.Hyperparameters(Assert.Single(measured));
        Assert.Equal("Sequential", h["model"]);
        Assert.Equal(1002L, MlpParameters);
        Assert.Equal(MlpParameters, h["model_parameters"]);
        Assert.Equal(MlpParameters, h["model_trainable_parameters"]);
        Assert.Equal("SGD", h["optimizer"]);
        Assert.Equal(0.01, h["optimizer_lr"]);
        Assert.Equal(0.9, h["optimizer_momentum"]);
        Assert.Equal(0.0005, h["optimizer_weight_decay"]);
        Assert.False(h.ContainsKey("optimizer_betas"));

        // The ledger writes them like any hyperparameter.
        var row = Assert.Single(tracker.Rows(), r => r["method"] == "facts.train");
        Assert.Contains("\"model_parameters\":1002", row["hyperparameters"]);
        Assert.Contains("\"optimizer\":\"SGD\",\"optimizer_lr\":0.01", row["hyperparameters"]);
    }

    [Fact]
    public void The_facts_are_those_at_the_start_of_each_call_frozen_layers_and_dtype_included()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Sequential(("fc1", nn.Linear(20, 32)), ("relu", nn.ReLU()), ("fc2", nn.Linear(32, 10)));
        var optimizer = optim.SGD(model.parameters(), 0.01);
        using var x = randn(8, 20);
        using var y = randint(0, 10, 8, dtype: ScalarType.Int64);

        var first = TrainingConsumer.Measure(() => TrainingConsumer.Loaded.Invoke("Calls", "Train", model, optimizer, x, y));
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith("fc1.", StringComparison.Ordinal))
                parameter.requires_grad = false;
        }
        var frozen = TrainingConsumer.Measure(() => TrainingConsumer.Loaded.Invoke("Calls", "Train", model, optimizer, x, y));
        model.to(ScalarType.Float64);
        var doubled = TrainingConsumer.Measure(() => TrainingConsumer.Loaded.Invoke("Calls", "Generic", model));

        Assert.Equal(MlpParameters, TrainingConsumer.Hyperparameters(Assert.Single(first))["model_trainable_parameters"]);
        var h = TrainingConsumer.Hyperparameters(Assert.Single(frozen));
        Assert.Equal(MlpParameters, h["model_parameters"]);
        Assert.Equal(32L * 10 + 10, h["model_trainable_parameters"]);
        var d = TrainingConsumer.Hyperparameters(Assert.Single(doubled));
        Assert.Equal("float64", d["network_dtype"]);
        Assert.Equal(MlpParameters, d["network_parameters"]);
    }

    [Fact]
    public void A_scheduler_records_its_type_and_the_learning_rate_it_set()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Linear(4, 2);
        var optimizer = optim.Adam(model.parameters(), lr: 0.1);
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 1, gamma: 0.5);

        // Each call steps the scheduler inside: the first row has the initial rate, the second the halved one.
        var measured = TrainingConsumer.Measure(() =>
        {
            TrainingConsumer.Loaded.Invoke("Calls", "Epoch", optimizer, scheduler);
            TrainingConsumer.Loaded.Invoke("Calls", "Epoch", optimizer, scheduler);
        });

        Assert.Equal(2, measured.Count);
        var before = TrainingConsumer.Hyperparameters(measured[0]);
        var after = TrainingConsumer.Hyperparameters(measured[1]);
        Assert.Equal("StepLR", before["scheduler"]);
        Assert.Equal(0.1, before["scheduler_lr"]);
        Assert.Equal(0.1, before["optimizer_lr"]);
        Assert.Equal(0.05, (double)after["scheduler_lr"]!, 12);
        Assert.Equal(0.05, (double)after["optimizer_lr"]!, 12);
        Assert.Equal("Adam", after["optimizer"]);
    }

    [Fact]
    public void A_device_argument_is_recorded_by_its_PyTorch_name()
    {
        using var tracker = new TemporaryTracker();
        var measured = TrainingConsumer.Measure(() =>
        {
            TrainingConsumer.Loaded.Invoke("Calls", "On", CPU);
            TrainingConsumer.Loaded.Invoke("Calls", "On", new Device(DeviceType.CUDA, 1)); // a description only: nothing runs on it
        });

        Assert.Equal(new object?[] { "cpu", "cuda:1" }, measured.Select(m => TrainingConsumer.Hyperparameters(m)["device"]));
    }

    [Fact]
    public void RecordArguments_false_and_Summarize_record_no_facts()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Linear(4, 2);
        var optimizer = optim.SGD(model.parameters(), 0.1);

        var measured = TrainingConsumer.Measure(() =>
        {
            TrainingConsumer.Loaded.Invoke("Calls", "Off", model, optimizer);
            TrainingConsumer.Loaded.Invoke("Calls", "Summarized", model);
        });

        Assert.Empty(Assert.Single(measured, m => m.Name == "facts.off").Hyperparameters);
        Assert.Empty(Assert.Single(measured, m => m.Name == "facts.summarized").Hyperparameters);
    }

    [Fact]
    public void A_module_that_cannot_be_read_is_left_out_said_once_and_the_call_still_runs()
    {
        using var tracker = new TemporaryTracker();
        CarbonAttrs.Diagnostics.TrackerLog.ResetForTests();
        var said = new List<string>();
        var previous = CarbonAttrs.Diagnostics.TrackerLog.Sink;
        CarbonAttrs.Diagnostics.TrackerLog.Sink = (_, message) => { lock (said) said.Add(message); };
        try
        {
            // TorchSharp skips disposed tensors (a disposed module reads as empty); a module whose parameters() throws cannot be read.
            var model = new UnreadableModule();

            var measured = TrainingConsumer.Measure(() =>
            {
                TrainingConsumer.Loaded.Invoke("Calls", "Generic", model);
                TrainingConsumer.Loaded.Invoke("Calls", "Generic", model);
            });

            Assert.Equal(2, measured.Count);
            Assert.All(measured, m => Assert.Empty(m.Hyperparameters));
            var warning = Assert.Single(said, m => m.Contains("'network'", StringComparison.Ordinal));
            Assert.Contains("could not be read", warning);
        }
        finally
        {
            CarbonAttrs.Diagnostics.TrackerLog.Sink = previous;
        }
    }

    [Fact]
    public void Iterators_generic_methods_and_partial_methods_record_the_facts_too()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Linear(4, 2); // 4 × 2 + 2

        var measured = TrainingConsumer.Measure(() =>
        {
            Assert.Equal(2, TrainingConsumer.Loaded.Invoke("Calls", "Enumerate", model));
            TrainingConsumer.Loaded.Invoke("Calls", "Generic", model);
            TrainingConsumer.Loaded.Invoke("Calls", "Evaluate", model);
        });

        Assert.Equal(10L, TrainingConsumer.Hyperparameters(Assert.Single(measured, m => m.Name == "facts.batches"))["model_parameters"]);
        Assert.Equal(10L, TrainingConsumer.Hyperparameters(Assert.Single(measured, m => m.Name == "facts.generic"))["network_parameters"]);
        Assert.Equal(10L, TrainingConsumer.Hyperparameters(Assert.Single(measured, m => m.Name == "facts.partial"))["model_parameters"]);
    }

    [Fact]
    public void The_generated_code_calls_the_readers_directly_one_line_per_TorchSharp_argument()
    {
        var run = GeneratorHarness.Run(TrainingConsumer.Source,
            extraReferences: new[] { TrainingConsumer.TorchSharpReference, TrainingConsumer.CarbonAttrsTorchSharpReference });
        run.AssertClean();
        var interceptors = run.Interceptors;

        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Module(ref __call, \"model\", model);", interceptors);
        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Optimizer(ref __call, \"optimizer\", optimizer);", interceptors);
        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Scheduler(ref __call, \"scheduler\", scheduler);", interceptors);
        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Device(ref __call, \"device\", device);", interceptors);
        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Module(ref __call, \"network\", network);", interceptors);
        Assert.DoesNotContain("\"x\", x", interceptors);
        // Train, Epoch (twice: optimizer and scheduler), On, Generic, Batches; none for Off (RecordArguments = false) or Summarized.
        Assert.Equal(7, Occurrences(interceptors, "TrackedTorchArguments."));
        Assert.Contains("global::CarbonAttrs.TorchSharp.TrackedTorchArguments.Module(ref __call, \"model\", model);", run.Source("CarbonAttrs.Partial."));
    }

    [Fact]
    public void Without_CarbonAttrs_TorchSharp_nothing_is_emitted_and_nothing_is_recorded()
    {
        using var tracker = new TemporaryTracker();
        var run = GeneratorHarness.Run(TrainingConsumer.Source, extraReferences: new[] { TrainingConsumer.TorchSharpReference });
        run.AssertClean();
        Assert.All(run.Sources, s => Assert.DoesNotContain("TorchSharp.TrackedTorchArguments", s.SourceText.ToString()));

        using var loaded = GeneratorHarness.Load(run.Output);
        var model = nn.Linear(4, 2);
        var measured = TrainingConsumer.Measure(() => loaded.Invoke("Calls", "Generic", model));
        Assert.Empty(Assert.Single(measured).Hyperparameters);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}

/// <summary>A module TorchSharp cannot list the parameters of (stands for any failure while reading facts).</summary>
internal sealed class UnreadableModule : nn.Module<Tensor, Tensor>
{
    public UnreadableModule() : base(nameof(UnreadableModule)) { }

    public override IEnumerable<global::TorchSharp.Modules.Parameter> parameters(bool recurse = true)
        => throw new InvalidOperationException("parameters are not available");

    public override Tensor forward(Tensor input) => input;
}
