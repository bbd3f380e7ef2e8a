namespace CarbonAttrs.Samples.MLNet;

/// <summary>One configuration's outcome and its measurement (null when it was not measured).</summary>
internal sealed record ConfigResult(int NumberOfLeaves, double LearningRate, double Accuracy, CarbonMeasurement? Measurement);

/// <summary>A bounded grid: 2 leaf counts x 2 learning rates. The whole grid is one window too, so its total cost is a row.</summary>
internal static class Grid
{
    public const string Name = "fasttree-grid (total)";

    public static readonly int[] NumberOfLeaves = { 4, 32 };
    public static readonly double[] LearningRates = { 0.05, 0.3 };

    [TrackEmissions(Name = Name, Experiment = FastTreeGridTrainer.Experiment, RecordArguments = false)]
    public static List<ConfigResult> Run(FastTreeGridTrainer trainer, int trees, List<CarbonMeasurement> measured)
    {
        var results = new List<ConfigResult>();
        var total = NumberOfLeaves.Length * LearningRates.Length;
        foreach (var leaves in NumberOfLeaves)
        {
            foreach (var learningRate in LearningRates)
            {
                Console.WriteLine($"[{results.Count + 1}/{total}] leaves {leaves}, learning rate {learningRate}");
                int before;
                lock (measured) before = measured.Count;
                var accuracy = trainer.Train(leaves, learningRate, trees);
                CarbonMeasurement? measurement;
                lock (measured) measurement = measured.Skip(before).LastOrDefault(m => m.Name == FastTreeGridTrainer.TrainName);
                Console.WriteLine($"      test accuracy {accuracy:P1}" +
                                  (measurement is null ? "" : $", {measurement.Duration.TotalSeconds:F1} s, {measurement.ItJoules * measurement.Pue:F1} J"));
                results.Add(new ConfigResult(leaves, learningRate, accuracy, measurement));
            }
        }
        return results;
    }
}
