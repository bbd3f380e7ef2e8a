using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests.Torch;

/// <summary>Real TorchSharp training inside measurement windows (libtorch loaded from the patched build output).</summary>
[Collection(TrackerCollection.Name)]
public class TrainingWindowTests
{
    [Fact]
    public void ATrainingStepInsideAWindowProducesARowWithTheModelFacts()
    {
        using var tracker = new TemporaryTracker();
        manual_seed(1);
        var model = nn.Sequential(("fc1", nn.Linear(4, 8)), ("relu", nn.ReLU()), ("fc2", nn.Linear(8, 3)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        using var x = randn(64, 4);
        using var y = x.sum(1).gt(0).to_type(ScalarType.Int64) + x[.., 0].gt(1).to_type(ScalarType.Int64);
        float firstLoss, lastLoss;

        using (var window = CarbonTracker.Track("torch.train-step", "torch-tests").Record("lr", 0.05).RecordModel(model))
        {
            firstLoss = lastLoss = float.NaN;
            for (var step = 0; step < 30; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(x), y);
                loss.backward();
                optimizer.step();
                lastLoss = loss.item<float>();
                if (step == 0) firstLoss = lastLoss;
            }
            window.SetResult(lastLoss);
        }

        Assert.True(lastLoss < firstLoss, $"training did not reduce the loss ({firstLoss} -> {lastLoss})");
        var row = Assert.Single(tracker.Rows(), r => r["method"] == "torch.train-step");
        Assert.Equal("torch-tests", row["experiment_id"]);
        Assert.Equal("ok", row["status"]);
        Assert.True(double.Parse(row["energy_consumed"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.NotEqual("none", row["cpu_energy_source"]);

        using var hyperparameters = JsonDocument.Parse(row["hyperparameters"]);
        var h = hyperparameters.RootElement;
        Assert.Equal(0.05, h.GetProperty("lr").GetDouble());
        Assert.Equal("Sequential", h.GetProperty("model").GetString());
        Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, h.GetProperty("model_parameters").GetInt64());
        Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, h.GetProperty("model_trainable_parameters").GetInt64());
        Assert.Equal("cpu", h.GetProperty("model_device").GetString());
        Assert.Equal("float32", h.GetProperty("model_dtype").GetString());
    }

    [Fact]
    public void ModelFactsCountFrozenParametersAndReportMixedPrecision()
    {
        var model = nn.Sequential(("a", nn.Linear(10, 5)), ("b", nn.Linear(5, 2)));
        foreach (var p in model.named_parameters().Where(p => p.name.StartsWith("a.", StringComparison.Ordinal)))
            p.parameter.requires_grad = false;
        model.named_children().Single(c => c.name == "b").module.to(ScalarType.BFloat16);

        var facts = ModelFacts.Of(model);

        Assert.Equal(10 * 5 + 5 + 5 * 2 + 2, facts.Parameters);
        Assert.Equal(5 * 2 + 2, facts.TrainableParameters);
        Assert.Equal("bfloat16+float32", facts.DType);
        Assert.Equal("cpu", facts.Device);
    }

    [Fact]
    public void RecordingInTheCurrentWindowNeedsAnOpenWindow()
    {
        using var tracker = new TemporaryTracker();
        var model = nn.Linear(3, 1);
        Assert.False(ModelFactsRecording.RecordModelInCurrentWindow(model));

        using (CarbonTracker.Track("torch.outer"))
        using (CarbonTracker.Track("torch.inner"))
            Assert.True(ModelFactsRecording.RecordModelInCurrentWindow(model));

        var rows = tracker.Rows();
        Assert.Contains("\"model_parameters\":4", rows.Single(r => r["method"] == "torch.inner")["hyperparameters"]);
        Assert.DoesNotContain("model_parameters", rows.Single(r => r["method"] == "torch.outer")["hyperparameters"]);
    }
}
