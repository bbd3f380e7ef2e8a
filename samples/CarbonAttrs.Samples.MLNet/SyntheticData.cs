using Microsoft.ML;
using Microsoft.ML.Data;

namespace CarbonAttrs.Samples.MLNet;

/// <summary>One generated example: a feature vector and a binary label.</summary>
internal sealed class Example
{
    public const int FeatureCount = 8;

    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>
/// A binary task with interactions and a threshold (what trees are good at) plus 5% label noise, generated from a fixed
/// seed so every run sees the same data: no download.
/// </summary>
internal static class SyntheticData
{
    public static IDataView Create(MLContext ml, int rows)
    {
        var random = new Random(7);
        var examples = new List<Example>(rows);
        for (var i = 0; i < rows; i++)
        {
            var x = new float[Example.FeatureCount];
            for (var j = 0; j < x.Length; j++)
                x[j] = (float)(random.NextDouble() * 2 - 1);
            var signal = x[0] * x[1] + 0.8 * Math.Sin(3 * x[2]) + (x[3] > 0.3 ? 0.6 : -0.2) - 0.4 * x[4] * x[4];
            var label = signal > 0;
            if (random.NextDouble() < 0.05)
                label = !label;
            examples.Add(new Example { Features = x, Label = label });
        }
        return ml.Data.LoadFromEnumerable(examples);
    }
}
