using System.Globalization;

namespace CarbonAttrs.Samples.MLNet;

/// <summary>Command-line settings; the defaults take well under a minute on 2 CPU cores.</summary>
internal sealed record SampleSettings(int Rows, int Trees)
{
    public static SampleSettings? Parse(string[] args)
    {
        var settings = new SampleSettings(Rows: 20_000, Trees: 100);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null;
            switch (args[i])
            {
                case "--rows" when value is >= 100: settings = settings with { Rows = value.Value }; i++; break;
                case "--trees" when value is not null: settings = settings with { Trees = value.Value }; i++; break;
                default:
                    Console.Error.WriteLine($"unknown or malformed argument '{args[i]}'. Usage: [--rows N (N >= 100)] [--trees N (N > 0)]");
                    return null;
            }
        }
        return settings;
    }
}
