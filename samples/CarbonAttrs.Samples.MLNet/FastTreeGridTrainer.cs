using Microsoft.ML;

namespace CarbonAttrs.Samples.MLNet;

/// <summary>Trains one FastTree configuration; every call is one measured window (one ledger row).</summary>
internal sealed class FastTreeGridTrainer
{
    public const string Experiment = "fasttree-grid";
    public const string TrainName = "FastTreeGridTrainer.Train";

    private readonly MLContext _ml;
    private readonly IDataView _train;
    private readonly IDataView _test;

    public FastTreeGridTrainer(MLContext ml, IDataView train, IDataView test)
    {
        _ml = ml;
        _train = train;
        _test = test;
    }

    /// <summary>
    /// Fits a min-max normaliser and a FastTree classifier, and returns the test accuracy. The arguments are the
    /// hyperparameters recorded in the ledger; the return value is its <c>result</c> column.
    /// </summary>
    [TrackEmissions(Name = TrainName, Experiment = Experiment)]
    public double Train(int numberOfLeaves, double learningRate, int numberOfTrees)
    {
        var pipeline = _ml.Transforms.NormalizeMinMax("Features")
            .Append(_ml.BinaryClassification.Trainers.FastTree(
                labelColumnName: "Label",
                featureColumnName: "Features",
                numberOfLeaves: numberOfLeaves,
                numberOfTrees: numberOfTrees,
                minimumExampleCountPerLeaf: 10,
                learningRate: learningRate));
        var model = pipeline.Fit(_train);
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(_test));
        return Math.Round(metrics.Accuracy, 4);
    }
}
