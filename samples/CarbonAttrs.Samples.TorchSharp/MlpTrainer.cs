using CarbonAttrs.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>Trains one MLP configuration; every call is one measured window (one ledger row).</summary>
internal sealed class MlpTrainer
{
    public const string Experiment = "mlp-sweep";
    public const string TrainName = "MlpTrainer.Train";
    private const int BatchSize = 128;

    private readonly SyntheticData _data;
    private readonly Device _device;
    private readonly TrainingProgress _progress;

    public MlpTrainer(SyntheticData data, Device device, TrainingProgress progress)
    {
        _data = data;
        _device = device;
        _progress = progress;
    }

    /// <summary>Builds one configuration's model and optimizer, then trains it (the tracked overload below).</summary>
    public double Train(double learningRate, int hiddenUnits, int epochs)
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var model = nn.Sequential(
            ("fc1", nn.Linear(SyntheticData.Features, hiddenUnits)),
            ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(hiddenUnits, hiddenUnits)),
            ("relu2", nn.ReLU()),
            ("out", nn.Linear(hiddenUnits, SyntheticData.Classes)));
        model.to(_device);
        var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        return Train(model, optimizer, epochs);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs and returns the validation accuracy (the ledger's <c>result</c>
    /// column). The arguments are the row's hyperparameters: <c>epochs</c>, and the facts of the model (<c>model</c>,
    /// <c>model_parameters</c>, <c>model_device</c>, <c>model_dtype</c>, ...) and of the optimizer (<c>optimizer</c>,
    /// <c>optimizer_lr</c>, <c>optimizer_betas</c>, ...), read by CarbonAttrs.TorchSharp when the call starts.
    /// </summary>
    [TrackEmissions(Name = TrainName, Experiment = Experiment)]
    public double Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int epochs)
    {
        // FLOPs and samples of every forward go to this window's flops and samples columns (and the sweep's, around it).
        using var counting = CarbonTorch.CountFlops(model);
        var lossFunction = nn.CrossEntropyLoss();
        var batches = (int)((_data.TrainCount + BatchSize - 1) / BatchSize);

        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            model.train();
            var order = randperm(_data.TrainCount, device: _device);
            // Summed on the device: reading a loss back every step would stall the device each time.
            var epochLoss = zeros(1, device: _device);
            for (var batch = 0; batch < batches; batch++)
            {
                using var stepScope = NewDisposeScope();
                var index = order[TensorIndex.Slice(batch * BatchSize, Math.Min((batch + 1) * BatchSize, _data.TrainCount))];
                optimizer.zero_grad();
                var loss = lossFunction.forward(model.forward(_data.TrainX[index]), _data.TrainY[index]);
                loss.backward();
                optimizer.step();
                epochLoss.add_(loss.detach());
            }
            ReportEpoch(epoch, epochs, epochLoss, batches);
        }

        return Evaluate(model);
    }

    private void ReportEpoch(int epoch, int epochs, Tensor epochLoss, int batches)
        => _progress.EpochFinished(epoch, epochs, epochLoss.item<float>() / batches);

    private double Evaluate(nn.Module<Tensor, Tensor> model)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var predicted = model.forward(_data.ValidX).argmax(1);
        return Math.Round(predicted.eq(_data.ValidY).to_type(ScalarType.Float32).mean().item<float>(), 4);
    }
}
