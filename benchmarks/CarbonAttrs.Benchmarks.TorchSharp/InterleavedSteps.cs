using System.Diagnostics;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// `interleaved [ROUNDS]`: the three step variants measured in alternation (rotating order, 50 steps each per
/// round), so machine-wide noise hits all three alike; prints the median over rounds of each variant's time
/// relative to the untracked step in the same round. On a shared machine this resolves far smaller
/// differences than running each variant in its own block.
/// </summary>
internal static class InterleavedSteps
{
    private const int StepsPerBlock = 50;

    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 30;
        var bench = new TrainingStepBenchmarks();
        bench.Setup();
        try
        {
            var variants = new (string Name, Func<float> Step)[]
            {
                ("untracked", bench.Untracked), ("per row", bench.PerRow), ("Summarize", bench.Summarized),
            };
            foreach (var variant in variants)
                for (var i = 0; i < 20; i++) variant.Step(); // warm-up
            var ratios = variants.Skip(1).Select(_ => new List<double>()).ToArray();
            var baseline = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var times = new double[variants.Length];
                for (var k = 0; k < variants.Length; k++)
                {
                    var v = (k + round) % variants.Length;
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < StepsPerBlock; i++)
                        variants[v].Step();
                    times[v] = watch.Elapsed.TotalMilliseconds / StepsPerBlock;
                }
                baseline.Add(times[0]);
                for (var v = 1; v < variants.Length; v++)
                    ratios[v - 1].Add(times[v] / times[0]);
            }
            Console.WriteLine(FormattableString.Invariant($"untracked step: median {Median(baseline):F3} ms over {rounds} rounds of {StepsPerBlock} steps"));
            for (var v = 1; v < variants.Length; v++)
            {
                var sorted = ratios[v - 1].Order().ToList();
                Console.WriteLine(FormattableString.Invariant(
                    $"{variants[v].Name}: median ratio {Median(sorted):F4} (interquartile {sorted[sorted.Count / 4]:F4} to {sorted[sorted.Count * 3 / 4]:F4})"));
            }
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
