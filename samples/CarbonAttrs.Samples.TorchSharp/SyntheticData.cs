using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>
/// A classification task made in-process (no download): points in <c>features</c> dimensions labelled
/// by a fixed random "teacher" network, so a small MLP can learn it but not trivially.
/// </summary>
internal sealed class SyntheticData : IDisposable
{
    public const int Features = 32;
    public const int Classes = 4;

    private SyntheticData(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY)
    {
        TrainX = trainX; TrainY = trainY; ValidX = validX; ValidY = validY;
    }

    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor ValidX { get; }
    public Tensor ValidY { get; }
    public long TrainCount => TrainX.shape[0];

    public static SyntheticData Create(int trainCount, int validCount, Device device, long seed = 7)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var total = trainCount + validCount;
        var x = randn(new long[] { total, Features }, generator: generator);
        // Teacher: one hidden tanh layer with random weights; the label is its arg-max.
        var w1 = randn(new long[] { Features, 16 }, generator: generator) / MathF.Sqrt(Features);
        var w2 = randn(new long[] { 16, Classes }, generator: generator) / MathF.Sqrt(16);
        var y = tanh(x.matmul(w1) * 1.5f).matmul(w2).argmax(1);
        var data = new SyntheticData(
            x[..trainCount].to(device).MoveToOuterDisposeScope(),
            y[..trainCount].to(device).MoveToOuterDisposeScope(),
            x[trainCount..].to(device).MoveToOuterDisposeScope(),
            y[trainCount..].to(device).MoveToOuterDisposeScope());
        return data;
    }

    public void Dispose()
    {
        TrainX.Dispose(); TrainY.Dispose(); ValidX.Dispose(); ValidY.Dispose();
    }
}
