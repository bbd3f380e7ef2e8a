using System.Globalization;
using CarbonAttrs.Generators.Tests.Infrastructure;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The runtime budget and the loop projection in a real process: the generated program is the entry assembly, its
/// inventory says the loop runs Program.Train 10 times, energy is estimated (no powercap, no NVML: budgets work on
/// estimates too) and the grid intensity is forced, so every figure on stderr can be recomputed from the ledger rows.
/// Later runs do more work, so the projection grows with each run and the budget trips part-way.
/// </summary>
public sealed class BudgetRunTests
{
    private const int LoopLine = 12;

    private const string Source = """
        using System;
        using System.Diagnostics;
        using CarbonAttrs;

        public static class Program
        {
            public static int Main()
            {
                var runs = 0;
                try
                {
                    for (var i = 1; i <= 10; i++)
                    {
                        Train(i);
                        runs++;
                        Console.WriteLine("token after run " + runs + ": " + CarbonTracker.Budget.Token.IsCancellationRequested);
                    }
                }
                catch (CarbonBudgetExceededException e)
                {
                    Console.WriteLine("stopped after " + runs + ": " + e.GetType().FullName + " " + (e is OperationCanceledException) + " " + (e.CancellationToken == CarbonTracker.Budget.Token));
                }
                CarbonTracker.Flush();
                return 0;
            }

            [TrackEmissions]
            public static void Train(int i)
            {
                var watch = Stopwatch.StartNew();
                while (watch.ElapsedMilliseconds < 25 * i) { }
            }
        }
        """;

    [Fact]
    public void Projection_lines_follow_each_run_and_the_budget_cancels_the_token_then_stops_the_sweep_at_the_predicted_run()
    {
        using var program = GeneratedProgram.Build(Source);

        // 1. No budget: one line per run, k of 10, so far and projected recomputed from the ledger's rows.
        var free = program.Run(Environment(program, "free"));
        Assert.True(free.ExitCode == 0, free.ToString());
        var freeRows = Emissions(program, "free");
        Assert.Equal(10, freeRows.Length);
        var lines = free.StderrLines.Where(l => l.StartsWith("CarbonAttrs: ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 10, free.ToString());
        for (var run = 1; run <= 10; run++)
        {
            var seen = freeRows.Take(run).ToArray();
            var spent = seen.Sum();
            var left = 10 - run;
            var expected = $"CarbonAttrs: Program.cs:{LoopLine} Program.Train \u00d7 10: {run} of 10 runs, {BudgetUnits.Co2(spent)} CO2eq so far, "
                           + $"projected {BudgetUnits.Co2(spent + spent / run * left)} ({BudgetUnits.Range(spent + seen.Min() * left, spent + seen.Max() * left)})";
            Assert.Equal(expected, lines[run - 1]);
        }
        Assert.DoesNotContain(free.StdoutLines, l => l.EndsWith("True", StringComparison.Ordinal));

        // A budget 60 % of what the free run spent: later runs cost more, so it trips part-way.
        var budget = freeRows.Sum() * 0.6;
        var budgetText = budget.ToString("R", CultureInfo.InvariantCulture);

        // 2. warn: every run still happens; the token is cancelled right after the run the rule predicts.
        var warned = program.Run(Environment(program, "warn", ("CARBONATTRS_BUDGET_KG", budgetText)));
        var warnRows = Emissions(program, "warn");
        Assert.Equal(10, warnRows.Length);
        var tripAt = PredictedTrip(warnRows, budget);
        Assert.True(tripAt is > 1 and < 10, $"tripped at {tripAt}\n{warned}");
        var tokens = warned.StdoutLines.Where(l => l.StartsWith("token after run", StringComparison.Ordinal)).ToArray();
        Assert.Equal(10, tokens.Length);
        Assert.Equal(Enumerable.Range(1, 10).Select(run => $"token after run {run}: {run >= tripAt}"), tokens);
        Assert.Single(warned.StderrLines, l => l.Contains("carbon budget of", StringComparison.Ordinal) && l.Contains("is exceeded", StringComparison.Ordinal));

        // 3. stop: the run during which it tripped is recorded; the next call throws before its body and writes no row.
        var stopped = program.Run(Environment(program, "stop", ("CARBONATTRS_BUDGET_KG", budgetText), ("CARBONATTRS_BUDGET_ACTION", "stop")));
        var stopRows = Emissions(program, "stop");
        var k = PredictedTrip(stopRows, budget);
        Assert.True(k is > 1 and < 10, $"tripped at {k}\n{stopped}");
        Assert.Equal(k, stopRows.Length);
        Assert.Contains($"stopped after {k}: CarbonAttrs.CarbonBudgetExceededException True True", stopped.StdoutLines);
        Assert.Equal(k, stopped.StderrLines.Count(l => l.StartsWith("CarbonAttrs: ", StringComparison.Ordinal)));
    }

    /// <summary>The first run after which spent, or spent plus mean × runs left, exceeds the budget (11: never).</summary>
    private static int PredictedTrip(double[] rows, double budget)
    {
        var spent = 0.0;
        for (var k = 1; k <= rows.Length; k++)
        {
            spent += rows[k - 1];
            if (spent > budget || spent + spent / k * (10 - k) > budget)
                return k;
        }
        return 11;
    }

    private static Dictionary<string, string> Environment(GeneratedProgram program, string name, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["CARBONATTRS_OUTPUT_DIR"] = Path.Combine(program.Directory, name),
            ["CARBONATTRS_INTENSITY_G_PER_KWH"] = "400",
            ["CARBONATTRS_POWERCAP_ROOT"] = Path.Combine(program.Directory, "no-powercap"),
            ["CARBONATTRS_NVML_LIBRARY"] = Path.Combine(program.Directory, "no-libnvidia-ml.so"),
        };
        foreach (var (key, value) in extra)
            environment[key] = value;
        return environment;
    }

    /// <summary>The emissions column of the run's ledger, in order.</summary>
    private static double[] Emissions(GeneratedProgram program, string name)
    {
        var path = Path.Combine(program.Directory, name, "emissions.csv");
        if (!File.Exists(path))
            return Array.Empty<double>();
        using var reader = new StreamReader(path);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields.ToList();
        var emissions = header.IndexOf("emissions");
        return records.Skip(1).Select(r => double.Parse(r.Fields[emissions], CultureInfo.InvariantCulture)).ToArray();
    }
}
