// RED AI ON PURPOSE. This file is NOT part of the sample's normal build (see the .csproj): each method
// below is a deliberate example of a pattern a CARB analyzer reports, so you can see every rule fire:
//
//   dotnet build samples/CarbonAttrs.Samples.TorchSharp -p:CarbonAttrsShowRedAi=true
//
// Expect every rule (CARB001 ... CARB008) at least once; an example may trip a neighbouring rule too
// (the uncapped loop of CARB004 also reads its loss every step, CARB006). Never copy these into real code; each
// comment says what the clean version (as in MlpTrainer.cs and Sweep.cs) does instead.
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Samples.TorchSharp.RedAi;

internal static class RedAiExamples
{
    private static readonly double[] LearningRates = { 0.001, 0.01, 0.1 };

    // CARB001: a sweep whose energy cost is reported nowhere. TrainUntracked has no [TrackEmissions]
    // and no window is open: three trainings and not a joule on record. Clean: [TrackEmissions] on the trainer.
    public static void UntrackedSweep(Tensor x, Tensor y)
    {
        foreach (var lr in LearningRates)
            TrainUntracked(x, y, lr, epochs: 5);
    }

    // CARB002: the sweep's size comes from outside the program (a file), so nobody can say what it will
    // cost before it runs. Clean: a grid of constants, as in Sweep.cs.
    [TrackEmissions]
    public static void UnboundedSweep(Tensor x, Tensor y, string gridFile)
    {
        foreach (var line in File.ReadLines(gridFile))
            TrainUntracked(x, y, double.Parse(line, System.Globalization.CultureInfo.InvariantCulture), epochs: 5);
    }

    // CARB003: a 10 x 10 x 10 grid, 1000 trainings, over the configured maximum number of configurations.
    // Clean: a coarse grid first, or a budget (carbonattrs.max_sweep_configurations in .editorconfig).
    [TrackEmissions]
    public static void OversizedSweep(Tensor x, Tensor y)
    {
        var rates = new[] { 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1 };
        var widths = new[] { 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };
        var depths = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        foreach (var lr in rates)
            foreach (var width in widths)
                foreach (var depth in depths)
                    TrainUntracked(x, y, lr * width / width, epochs: depth);
    }

    // CARB004: trains until the loss is small enough, with no cap on the steps: on a task it cannot
    // learn, it runs (and draws power) forever. Clean: a bounded epoch loop, as in MlpTrainer.Train.
    public static void UncappedTrainingLoop(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        var optimizer = optim.SGD(model.parameters(), 0.01);
        var loss = float.MaxValue;
        while (loss > 0.01f)
        {
            optimizer.zero_grad();
            using var output = nn.functional.mse_loss(model.forward(x), y);
            output.backward();
            optimizer.step();
            loss = output.item<float>();
        }
    }

    // CARB005: evaluation that still records the autograd graph: memory and time spent on gradients
    // nobody will use. Clean: wrap it in `using var noGrad = torch.no_grad();`, as in MlpTrainer.Evaluate.
    public static float EvaluateWithGradients(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.eval();
        var predicted = model.forward(x).argmax(1);
        return predicted.eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }

    // CARB006: item() on every step forces the host to wait for the device each time.
    // Clean: accumulate on the device and read once per epoch, as in MlpTrainer.Train.
    public static float SyncEveryStep(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        var optimizer = optim.Adam(model.parameters());
        var total = 0f;
        for (var step = 0; step < 100; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            total += loss.item<float>();
        }
        return total;
    }

    // CARB007: training in double precision: twice the memory traffic and far slower kernels for no
    // accuracy a classifier needs. Clean: float32 (the default), or bfloat16 on GPUs that support it.
    public static void DoublePrecisionTraining(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.to(ScalarType.Float64);
        var optimizer = optim.Adam(model.parameters());
        for (var step = 0; step < 10; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.mse_loss(model.forward(x.to(ScalarType.Float64)), y.to(ScalarType.Float64));
            loss.backward();
            optimizer.step();
        }
    }

    // CARB008: a tracked method called on every step of a hot loop writes one ledger row per step.
    // Clean: [TrackEmissions(Summarize = true)] on per-step methods, or track the whole loop instead.
    public static void TrackedCallPerStep(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        var optimizer = optim.Adam(model.parameters());
        for (var step = 0; step < 10_000; step++)
            TrackedStep(model, optimizer, x, y);
    }

    [TrackEmissions]
    internal static void TrackedStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        using var loss = nn.functional.mse_loss(model.forward(x), y);
        loss.backward();
        optimizer.step();
    }

    private static void TrainUntracked(Tensor x, Tensor y, double learningRate, int epochs)
    {
        var model = nn.Linear(x.shape[1], y.shape[1]);
        var optimizer = optim.SGD(model.parameters(), learningRate);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
