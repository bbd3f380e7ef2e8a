namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>One configuration's outcome and its measurement (null when it was not measured).</summary>
internal sealed record ConfigResult(double LearningRate, int HiddenUnits, double Accuracy, CarbonMeasurement? Measurement);

/// <summary>A bounded grid: 2 learning rates x 2 widths. The whole sweep is one window too, so its total cost is a row.</summary>
internal static class Sweep
{
    public const string Name = "mlp-sweep (total)";

    public static readonly double[] LearningRates = { 0.001, 0.01 };
    public static readonly int[] HiddenUnits = { 64, 256 };

    [TrackEmissions(Name = Name, Experiment = MlpTrainer.Experiment, RecordArguments = false)]
    public static List<ConfigResult> Run(MlpTrainer trainer, int epochs, List<CarbonMeasurement> measured, TrainingProgress progress)
    {
        var results = new List<ConfigResult>();
        foreach (var learningRate in LearningRates)
        {
            foreach (var hidden in HiddenUnits)
            {
                progress.ConfigurationStarted(results.Count + 1, $"learning rate {learningRate}, hidden units {hidden}", epochs);
                int before;
                lock (measured) before = measured.Count;
                var accuracy = trainer.Train(learningRate, hidden, epochs);
                CarbonMeasurement? measurement;
                lock (measured) measurement = measured.Skip(before).LastOrDefault(m => m.Name == MlpTrainer.TrainName);
                progress.ConfigurationFinished($"validation accuracy {accuracy:P1}" +
                                               (measurement is null ? "" : $", {measurement.Duration.TotalSeconds:F1} s, {measurement.ItJoules * measurement.Pue:F1} J"));
                results.Add(new ConfigResult(learningRate, hidden, accuracy, measurement));
            }
        }
        return results;
    }
}
