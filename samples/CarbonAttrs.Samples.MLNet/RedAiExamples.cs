// RED AI ON PURPOSE. This file is NOT part of the sample's normal build (see the .csproj): each method below is a
// deliberate example of a pattern a CARB analyzer reports on ML.NET code, so you can see the rules fire:
//
//   dotnet build samples/CarbonAttrs.Samples.MLNet -p:CarbonAttrsShowRedAi=true
//
// Expect CARB001, CARB002, CARB003 and CARB009. Never copy these into real code; each comment says what the clean
// version (as in FastTreeGridTrainer.cs and Grid.cs) does instead.
using Microsoft.ML;

namespace CarbonAttrs.Samples.MLNet.RedAi;

internal static class RedAiExamples
{
    // CARB001: a 3 x 2 grid of fits whose energy cost is reported nowhere. Clean: the fit in a [TrackEmissions] method.
    public static void UntrackedGrid(MLContext ml, IDataView data)
    {
        foreach (var learningRate in new[] { 0.05, 0.1, 0.2 })
            foreach (var leaves in new[] { 8, 16 })
                ml.Transforms.NormalizeMinMax("Features")
                    .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate))
                    .Fit(data);
    }

    // CARB002: random search until a target accuracy: if the target is never reached, it never stops. Clean: a trial cap.
    [TrackEmissions]
    public static void SearchUntilTarget(MLContext ml, IDataView train, IDataView test)
    {
        var random = new Random(1);
        var accuracy = 0.0;
        while (accuracy < 0.99)
        {
            var model = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: random.Next(2, 64)).Fit(train);
            accuracy = ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
        }
    }

    // CARB003: a 5 x 5 x 5 grid of 10-fold cross-validations is 5 x 5 x 5 x 10 = 1,250 trainings. Clean: a coarse grid,
    // fewer folds, or a larger carbonattrs.max_sweep_configurations when the budget allows it.
    [TrackEmissions]
    public static void CrossValidatedGrid(MLContext ml, IDataView data)
    {
        foreach (var leaves in new[] { 4, 8, 16, 32, 64 })
            foreach (var trees in new[] { 50, 100, 200, 400, 800 })
                foreach (var learningRate in new[] { 0.01, 0.03, 0.1, 0.3, 1.0 })
                    ml.BinaryClassification.CrossValidate(
                        data, ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, numberOfTrees: trees, learningRate: learningRate), numberOfFolds: 10);
    }

    // CARB009: a prediction engine built again for every example, for the same model. Clean: create it once before the loop.
    public static int CountPositives(MLContext ml, ITransformer model, IEnumerable<Example> examples)
    {
        var positives = 0;
        foreach (var example in examples)
        {
            var engine = ml.Model.CreatePredictionEngine<Example, Scored>(model);
            if (engine.Predict(example).PredictedLabel)
                positives++;
        }
        return positives;
    }

    internal sealed class Scored
    {
        public bool PredictedLabel { get; set; }
    }
}
