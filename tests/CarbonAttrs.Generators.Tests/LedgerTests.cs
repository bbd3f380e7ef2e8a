using System.Globalization;
using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests;

/// <summary>What generated wrappers put in emissions.csv, read back with the ledger's own CSV reader.</summary>
[Collection(TrackerCollection.Name)]
public sealed class LedgerTests(TrackerFixture tracker)
{
    [Fact]
    public void Rows_carry_method_status_parent_hyperparameters_and_result()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using CarbonAttrs;
            namespace Ledger.Rows;
            public static class Sweep
            {
                [TrackEmissions(Experiment = "sweep-1")]
                public static double Run(int trials, string optimizer)
                {
                    var best = 0.0;
                    for (var i = 0; i < trials; i++)
                        best = Math.Max(best, Trial(0.1 * (i + 1)));
                    try { Trial(-1); } catch (ArgumentException) { }
                    return best;
                }
                [TrackEmissions]
                public static double Trial(double lr) => lr < 0 ? throw new ArgumentException("negative lr") : lr * 2;
            }
            public static class Program
            {
                public static double Run() => Sweep.Run(2, "adam, \"beta\"");
            }
            """);

        Assert.Equal(0.4, loaded.Invoke("Ledger.Rows.Program", "Run"));

        var rows = tracker.LedgerRows("Ledger.Rows.");
        var sweep = Assert.Single(rows, r => r["method"] == "Ledger.Rows.Sweep.Run");
        var trials = rows.Where(r => r["method"] == "Ledger.Rows.Sweep.Trial").ToList();
        Assert.Equal(3, trials.Count);
        Assert.Equal("ok", sweep["status"]);
        Assert.Equal("sweep-1", sweep["experiment_id"]);
        Assert.Equal("", sweep["parent_run_id"]);
        Assert.Equal("{\"trials\":2,\"optimizer\":\"adam, \\\"beta\\\"\"}", sweep["hyperparameters"]);
        Assert.Equal(0.4, double.Parse(sweep["result"], CultureInfo.InvariantCulture));
        Assert.All(trials, t => Assert.Equal(sweep["run_id"], t["parent_run_id"]));
        Assert.Equal(new[] { "ok", "ok", "failed" }, trials.Select(t => t["status"]));
        Assert.Equal("", trials[2]["result"]);
        Assert.All(rows, r => Assert.Equal("1", r["calls"]));
    }

    [Fact]
    public void Summarize_gives_one_row_with_the_exact_call_count_after_flush()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Threading.Tasks;
            using CarbonAttrs;
            namespace Ledger.Summary;
            public static class Steps
            {
                [TrackEmissions(Summarize = true)]
                public static int Step(int i) => i % 7;
            }
            public static class Program
            {
                public static int Run()
                {
                    var total = 0;
                    Parallel.For(0, 8, _ =>
                    {
                        var local = 0;
                        for (var i = 0; i < 250; i++)
                            local += Steps.Step(i);
                        System.Threading.Interlocked.Add(ref total, local);
                    });
                    return total;
                }
            }
            """);

        loaded.Invoke("Ledger.Summary.Program", "Run");

        var row = Assert.Single(tracker.LedgerRows("Ledger.Summary."));
        Assert.Equal("Ledger.Summary.Steps.Step", row["method"]);
        Assert.Equal("2000", row["calls"]);
        Assert.Equal("ok", row["status"]);
        // Summaries never record per-call arguments or results.
        Assert.Equal("", row["hyperparameters"]);
        Assert.Equal("", row["result"]);
    }
}
