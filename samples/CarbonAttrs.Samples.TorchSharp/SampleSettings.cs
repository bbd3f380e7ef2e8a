using System.Globalization;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>Command-line settings; the defaults take about a minute on 2 CPU cores.</summary>
internal sealed record SampleSettings(int Epochs, int TrainSamples, int ValidSamples)
{
    public static SampleSettings? Parse(string[] args)
    {
        var settings = new SampleSettings(Epochs: 5, TrainSamples: 16_000, ValidSamples: 4_000);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null;
            switch (args[i])
            {
                case "--epochs" when value is not null: settings = settings with { Epochs = value.Value }; i++; break;
                case "--train-samples" when value is not null: settings = settings with { TrainSamples = value.Value }; i++; break;
                case "--valid-samples" when value is not null: settings = settings with { ValidSamples = value.Value }; i++; break;
                default:
                    Console.Error.WriteLine($"unknown or malformed argument '{args[i]}'. Usage: [--epochs N] [--train-samples N] [--valid-samples N] (N > 0)");
                    return null;
            }
        }
        return settings;
    }
}
