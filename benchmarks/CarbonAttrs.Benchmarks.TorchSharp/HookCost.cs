using System.Diagnostics;
using CarbonAttrs.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// `hook-cost [ROUNDS]`: what CountFlops adds to one forward of one counted layer. Two identical one-layer models
/// (Linear 1 → 1, batch 1: the smallest forward TorchSharp runs, so the hook's share is as large as it gets), one
/// of them counted, run in alternating blocks inside an open window (so each count reaches a window) with and
/// without gradients; prints per variant the median over rounds of the per-forward time, and of the counted minus
/// the plain time in the same round. Wall time on a shared machine: read the medians, not single rounds.
/// </summary>
internal static class HookCost
{
    private const int ForwardsPerBlock = 2000;

    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 200;
        torch.set_num_threads(1);
        manual_seed(1);
        using var plain = nn.Sequential(("fc", nn.Linear(1, 1)));
        using var counted = nn.Sequential(("fc", nn.Linear(1, 1)));
        using var x = randn(1, 1);
        var folder = Directory.CreateTempSubdirectory("carbonattrs-hook-cost-").FullName;
        CarbonTracker.Configure(o => { o.OutputDirectory = folder; o.IntensityGramsPerKwh = 100; });
        try
        {
            using var counting = CarbonTorch.CountFlops(counted);
            using var window = CarbonTracker.Track("hook-cost");
            foreach (var gradients in new[] { false, true })
            {
                using var mode = gradients ? enable_grad() : no_grad();
                Block(plain, x, 200);
                Block(counted, x, 200); // warm-up: JIT, first hook calls
                var plainTimes = new List<double>();
                var countedTimes = new List<double>();
                var differences = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate which block goes first, so neither always follows the same neighbour.
                    double a, b;
                    if (round % 2 == 0) { a = Block(plain, x, ForwardsPerBlock); b = Block(counted, x, ForwardsPerBlock); }
                    else { b = Block(counted, x, ForwardsPerBlock); a = Block(plain, x, ForwardsPerBlock); }
                    plainTimes.Add(a);
                    countedTimes.Add(b);
                    differences.Add(b - a);
                }
                var label = gradients ? "with gradients" : "no_grad";
                Console.WriteLine(FormattableString.Invariant($"{label}: plain forward {Median(plainTimes):F0} ns, counted {Median(countedTimes):F0} ns, difference per forward: median {Median(differences):F0} ns (interquartile {Quartile(differences, 1):F0} to {Quartile(differences, 3):F0}) over {rounds} rounds of {ForwardsPerBlock}"));
            }
            Console.WriteLine(FormattableString.Invariant($"FLOPs counted: {counting.Flops:E3}, samples {counting.Samples}"));
            return 0;
        }
        finally
        {
            CarbonTracker.Configure(o => o.Disabled = true);
            Directory.Delete(folder, recursive: true);
        }
    }

    // Nanoseconds per forward over a block (the model runs through Sequential, whose layers run their hooks).
    private static double Block(nn.Module<Tensor, Tensor> model, Tensor x, int forwards)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < forwards; i++)
            model.forward(x).Dispose();
        return watch.Elapsed.TotalNanoseconds / forwards;
    }

    private static double Median(List<double> values) => Quartile(values, 2);

    private static double Quartile(List<double> values, int quartile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * quartile / 4)];
    }
}
