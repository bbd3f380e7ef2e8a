using System.Collections.Concurrent;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests.Arguments;

/// <summary>
/// Training code as a TorchSharp user writes it (models and optimizers travel as objects), compiled in memory with
/// the generator against the real TorchSharp and CarbonAttrs.TorchSharp, then loaded and run.
/// </summary>
internal static class TrainingConsumer
{
    public const string Source = """
        using System.Collections.Generic;
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        public static partial class Lab
        {
            [TrackEmissions(Name = "facts.train")]
            public static float Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int epochs)
            {
                var last = 0f;
                for (var epoch = 0; epoch < epochs; epoch++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    last = loss.item<float>();
                }
                return last;
            }

            // The scheduler steps inside the call: the row keeps the rates as they were when the call started.
            [TrackEmissions(Name = "facts.epoch")]
            public static void Epoch(optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler scheduler)
            {
                optimizer.step();
                scheduler.step();
            }

            [TrackEmissions(Name = "facts.device")]
            public static string On(Device device) => device.ToString();

            [TrackEmissions(Name = "facts.off", RecordArguments = false)]
            public static void Off(nn.Module model, optim.Optimizer optimizer, Device device) { }

            [TrackEmissions(Name = "facts.summarized", Summarize = true)]
            public static void Summarized(nn.Module model) { }

            [TrackEmissions(Name = "facts.generic")]
            public static void Generic<TModel>(TModel network) where TModel : nn.Module { }

            [TrackEmissions(Name = "facts.batches")]
            public static IEnumerable<int> Batches(nn.Module model)
            {
                yield return 1;
                yield return 2;
            }

            [TrackEmissions(Name = "facts.partial")]
            public static partial int Evaluate(nn.Module<Tensor, Tensor> model);

            private static int EvaluateCore(nn.Module<Tensor, Tensor> model) => 1;
        }

        // The intercepted call sites (interceptors apply to calls compiled with the generator).
        public static class Calls
        {
            public static float Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y) => Lab.Train(model, optimizer, x, y, 2);
            public static void Epoch(optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler scheduler) => Lab.Epoch(optimizer, scheduler);
            public static string On(Device device) => Lab.On(device);
            public static void Off(nn.Module model, optim.Optimizer optimizer) => Lab.Off(model, optimizer, CPU);
            public static void Summarized(nn.Module model) => Lab.Summarized(model);
            public static void Generic(nn.Module model) => Lab.Generic(model);
            public static int Enumerate(nn.Module model)
            {
                var count = 0;
                foreach (var _ in Lab.Batches(model))
                    count++;
                return count;
            }
            public static int Evaluate(nn.Module<Tensor, Tensor> model) => Lab.Evaluate(model);
        }
        """;

    public static readonly MetadataReference TorchSharpReference = MetadataReference.CreateFromFile(typeof(torch).Assembly.Location);
    public static readonly MetadataReference CarbonAttrsTorchSharpReference = MetadataReference.CreateFromFile(typeof(CarbonTorch).Assembly.Location);

    private static readonly Lazy<LoadedAssembly> WithFacts = new(() => GeneratorHarness.CompileAndLoad(Source,
        new[] { TorchSharpReference, CarbonAttrsTorchSharpReference }));

    /// <summary>The consumer built with CarbonAttrs.TorchSharp referenced (compiled once, on first use).</summary>
    public static LoadedAssembly Loaded => WithFacts.Value;

    /// <summary>Runs <paramref name="action"/> and returns the measurements of the consumer's <c>facts.*</c> methods it produced.</summary>
    public static IReadOnlyList<CarbonMeasurement> Measure(Action action)
    {
        var measured = new ConcurrentQueue<CarbonMeasurement>();
        void OnMeasured(CarbonMeasurement m)
        {
            if (m.Name.StartsWith("facts.", StringComparison.Ordinal))
                measured.Enqueue(m);
        }
        CarbonTracker.Measured += OnMeasured;
        try
        {
            action();
            CarbonTracker.Flush();
        }
        finally
        {
            CarbonTracker.Measured -= OnMeasured;
        }
        return measured.ToList();
    }

    /// <summary>The recorded hyperparameters of one measurement, by name.</summary>
    public static Dictionary<string, object?> Hyperparameters(CarbonMeasurement measurement)
        => measurement.Hyperparameters.ToDictionary(h => h.Name, h => h.Value);
}

/// <summary>A small CNN for 1 × 12 × 12 images: conv 1→4 (3×3), max-pool 2, conv 4→8 (3×3), linear 72→10.</summary>
internal sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1 = nn.Conv2d(1, 4, 3);
    private readonly Conv2d conv2 = nn.Conv2d(4, 8, 3);
    private readonly Linear fc = nn.Linear(8 * 3 * 3, 10);

    public SmallCnn() : base(nameof(SmallCnn)) => RegisterComponents();

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(input)), 2);
        x = nn.functional.relu(conv2.forward(x));
        return fc.forward(x.flatten(1));
    }
}
