using System.Reflection;
using CarbonAttrs.TorchSharp.Flops;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests.Torch;

/// <summary>
/// CarbonTorch.CountFlops against counts worked out by hand: FLOPs = 2 × multiply-accumulates of the counted layers,
/// × 3 when the forward records gradients; samples = the batch of each outermost forward.
/// </summary>
[Collection(TrackerCollection.Name)]
public class FlopCountingTests
{
    // MLP 4 → 8 → 3: a row costs 4·8 + 8·3 = 56 multiply-accumulates (ReLU and biases are not counted).
    private const long MlpMacsPerRow = 4 * 8 + 8 * 3;

    private static nn.Module<Tensor, Tensor> Mlp()
        => nn.Sequential(("fc1", nn.Linear(4, 8)), ("relu", nn.ReLU()), ("fc2", nn.Linear(8, 3)));

    [Fact]
    public void TrainingStepsAndAnEvaluationCountTheMlpsAnalyticalFlopsAndSamplesInNestedWindows()
    {
        using var tracker = new TemporaryTracker();
        manual_seed(3);
        var model = Mlp();
        var optimizer = optim.SGD(model.parameters(), 0.1);
        using var x = randn(16, 4);
        using var y = randint(0, 3, 16, dtype: ScalarType.Int64);
        using var validation = randn(32, 4);
        using var counting = CarbonTorch.CountFlops(model);
        Assert.Equal(2, counting.CountedLayers);

        CarbonWindow outer, step0, evaluation;
        using (outer = CarbonTracker.Track("flops.run"))
        {
            for (var step = 0; step < 5; step++)
            {
                using var window = CarbonTracker.Track("flops.step");
                if (step == 0) step0 = window;
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.forward(x), y).backward();
                optimizer.step();
            }
            step0 = null!;
            using (evaluation = CarbonTracker.Track("flops.eval"))
            using (no_grad())
                model.forward(validation).Dispose();
        }

        // A training step: 16 rows × 56 MACs × 2 FLOPs × 3 (forward + backward) = 5 376 FLOPs, 16 samples.
        const double StepFlops = 16 * MlpMacsPerRow * 2 * 3;
        // The evaluation under no_grad: 32 rows × 56 MACs × 2 FLOPs × 1 = 3 584 FLOPs, 32 samples.
        const double EvalFlops = 32 * MlpMacsPerRow * 2;
        Assert.Equal(5376, StepFlops);
        Assert.Equal(3584, EvalFlops);
        Assert.Equal(EvalFlops, evaluation.Measurement!.Flops);
        Assert.Equal(32, evaluation.Measurement.Samples);
        // The parent includes its five steps and the evaluation, as its energy does.
        Assert.Equal(5 * StepFlops + EvalFlops, outer.Measurement!.Flops);
        Assert.Equal(5 * 16 + 32, outer.Measurement.Samples);
        Assert.Equal(5 * StepFlops + EvalFlops, counting.Flops);
        Assert.Equal(5 * 16 + 32, counting.Samples);
    }

    [Fact]
    public void EachNestedWindowKeepsItsOwnCount()
    {
        using var tracker = new TemporaryTracker();
        var model = Mlp();
        using var x = randn(10, 4);
        using var counting = CarbonTorch.CountFlops(model);
        var measured = new List<CarbonMeasurement>();
        using (var outer = CarbonTracker.Track("flops.outer"))
        {
            using (no_grad())
            {
                using (var inner = CarbonTracker.Track("flops.inner"))
                {
                    model.forward(x).Dispose();
                    inner.Dispose();
                    measured.Add(inner.Measurement!);
                }
                model.forward(x).Dispose(); // in the outer window only
            }
            outer.Dispose();
            measured.Add(outer.Measurement!);
        }

        Assert.Equal(10 * MlpMacsPerRow * 2, measured[0].Flops);
        Assert.Equal(10, measured[0].Samples);
        Assert.Equal(2 * 10 * MlpMacsPerRow * 2, measured[1].Flops);
        Assert.Equal(20, measured[1].Samples);
    }

    [Fact]
    public void ASmallCnnCountsItsConvolutionsWithStridePaddingDilationAndGroups()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Sequential(
            ("conv1", nn.Conv2d(3, 4, kernel_size: 3, stride: 1, padding: 1)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(4, 6, kernel_size: 3, stride: 2, padding: 2, dilation: 2, groups: 2)),
            ("pool", nn.AvgPool2d(kernel_size: 1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(6 * 4 * 4, 10)));
        using var images = randn(2, 3, 8, 8);
        using var counting = CarbonTorch.CountFlops(model);
        Assert.Equal(3, counting.CountedLayers);

        // conv1: output 2×4×8×8 = 512 positions × (3 input channels × 3×3 kernel = 27) = 13 824 MACs.
        // conv2: output side ⌊(8 + 2·2 − 2·(3 − 1) − 1) / 2⌋ + 1 = 4, so 2×6×4×4 = 192 positions
        //        × (4 / 2 groups × 3×3 = 18) = 3 456 MACs.
        // fc:    2 rows × 96 × 10 = 1 920 MACs.          Total 19 200 MACs = 38 400 FLOPs per forward.
        const double ForwardFlops = 2 * (2 * 4 * 8 * 8 * 27 + 2 * 6 * 4 * 4 * 18 + 2 * 96 * 10);
        Assert.Equal(38_400, ForwardFlops);

        CarbonWindow evaluation, training;
        using (evaluation = CarbonTracker.Track("cnn.eval"))
        using (inference_mode())
            Assert.Equal(new long[] { 2, 10 }, model.forward(images).shape);
        using (training = CarbonTracker.Track("cnn.train"))
        {
            using var scope = NewDisposeScope();
            model.forward(images).sum().backward();
        }

        Assert.Equal(ForwardFlops, evaluation.Measurement!.Flops);
        Assert.Equal(2, evaluation.Measurement.Samples);
        Assert.Equal(3 * ForwardFlops, training.Measurement!.Flops);
        Assert.Equal(2, training.Measurement.Samples);
    }

    [Fact]
    public void AModelRunWithCallAddsItsSamplesOnceAndRecordedSamplesOverrideTheCount()
    {
        using var tracker = new TemporaryTracker();
        var model = Mlp();
        using var x = randn(12, 4);
        using var counting = CarbonTorch.CountFlops(model);

        CarbonWindow called, recorded;
        using (called = CarbonTracker.Track("flops.call"))
        using (no_grad())
            model.call(x).Dispose();
        using (recorded = CarbonTracker.Track("flops.recorded"))
        using (no_grad())
        {
            model.call(x).Dispose();
            recorded.RecordSamples(3); // e.g. 3 documents in a batch of 12 chunks
        }

        Assert.Equal(12 * MlpMacsPerRow * 2, called.Measurement!.Flops);
        Assert.Equal(12, called.Measurement.Samples);
        Assert.Equal(12 * MlpMacsPerRow * 2, recorded.Measurement!.Flops);
        Assert.Equal(3, recorded.Measurement.Samples);
    }

    [Fact]
    public void AForwardThatThrowsDoesNotStopTheNextFromCountingItsSamples()
    {
        using var tracker = new TemporaryTracker();
        var model = Mlp();
        using var wrongWidth = randn(8, 5);
        using var x = randn(6, 4);
        using var counting = CarbonTorch.CountFlops(model);

        using (no_grad())
            Assert.ThrowsAny<Exception>(() => model.call(wrongWidth)); // fc1 refuses 5 features: no post-hook runs
        CarbonWindow after;
        using (after = CarbonTracker.Track("flops.after-failure"))
        using (no_grad())
            model.call(x).Dispose();

        Assert.Equal(6, after.Measurement!.Samples);
        Assert.Equal(6 * MlpMacsPerRow * 2, after.Measurement.Flops);
    }

    [Fact]
    public void RecurrentAndAttentionLayersCountEveryWeightMatrixAndTheAttentionProducts()
    {
        using var tracker = new TemporaryTracker();
        var lstm = nn.LSTM(5, 7);
        var attention = nn.MultiheadAttention(8, 2);
        using var sequence = randn(3, 2, 5);   // [steps, batch, features]
        using var tokens = randn(4, 2, 8);     // [length, batch, embedding]
        using var lstmCounting = CarbonTorch.CountFlops(lstm);
        using var attentionCounting = CarbonTorch.CountFlops(attention);

        using (no_grad())
        {
            lstm.call(sequence, null);
            attention.call(tokens, tokens, tokens, null, false, null);
        }

        // LSTM: 3 steps × 2 sequences × 4 gates × 7 hidden × (5 inputs + 7 hidden) = 2 016 MACs.
        Assert.Equal(2 * 3 * 2 * 4 * 7 * (5 + 7), lstmCounting.Flops);
        // Attention, L = S = 4, N = 2, E = 8: four projections 4 × (4·2·8·8) = 2 048, Q·Kᵀ and A·V 2 × (4·2·4·8) = 512.
        Assert.Equal(2 * (4 * (4 * 2 * 8 * 8) + 2 * (4 * 2 * 4 * 8)), attentionCounting.Flops);
    }

    [Fact]
    public void NothingIsCountedWithoutCountFlopsAndDisposingRemovesEveryHook()
    {
        using var tracker = new TemporaryTracker();
        var model = Mlp();
        using var x = randn(8, 4);
        Assert.Equal(0, RegisteredHooks(model));

        CarbonWindow before, after;
        using (before = CarbonTracker.Track("flops.before"))
            model.call(x).Dispose();

        var counting = CarbonTorch.CountFlops(model);
        Assert.True(RegisteredHooks(model) > 0);
        counting.Dispose();
        Assert.Equal(0, RegisteredHooks(model));

        using (after = CarbonTracker.Track("flops.after"))
            model.call(x).Dispose();

        Assert.Null(before.Measurement!.Flops);
        Assert.Null(before.Measurement.Samples);
        Assert.Null(after.Measurement!.Flops);
        Assert.Null(after.Measurement.Samples);
        Assert.Equal(0, counting.Flops);
    }

    // TorchSharp keeps a module's hooks in protected dictionaries (pre_hooks, post_hooks); sum them over the tree.
    private static int RegisteredHooks(nn.Module model)
    {
        var total = 0;
        foreach (var module in model.modules())
        {
            for (var type = module.GetType(); type is not null; type = type.BaseType)
            {
                foreach (var name in new[] { "pre_hooks", "post_hooks", "module_pre_hooks", "module_post_hooks" })
                {
                    if (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)?.GetValue(module) is System.Collections.ICollection hooks)
                        total += hooks.Count;
                }
            }
        }
        return total;
    }
}
