using CarbonAttrs.Configuration;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Budget;

/// <summary>
/// The budget's accounting with exact figures: windows carry known joules at a forced 1000 g/kWh (1 g = 3.6 kJ), and
/// the loop inventory is given, so spent, projected, the trip point and each projection line are known in advance.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class CarbonBudgetTests
{
    private static readonly CarbonIntensity Forced = new(1000, "forced");

    [Fact]
    public void Nested_windows_are_counted_once_and_the_spend_grows_as_each_child_closes()
    {
        var budget = new CarbonBudget(null, BudgetAction.Warn, () => TrackedLoopInventory.Empty);
        var outer = new CarbonWindow(null, "sweep", null);
        var first = new CarbonWindow(null, "run", null);
        Close(budget, first, grams: 2);
        var second = new CarbonWindow(null, "run", null);
        Close(budget, second, grams: 3);
        Assert.Equal(0.005, budget.SpentKgCO2e, 12);

        Close(budget, outer, grams: 6); // the parent's 6 g include its children's 5 g
        Assert.Equal(0.006, budget.SpentKgCO2e, 12);
        Assert.Null(budget.ProjectedKgCO2e);
        Assert.False(budget.IsExceeded);
    }

    [Fact]
    public void Each_run_of_a_loop_method_prints_its_line_and_the_token_is_cancelled_at_the_run_the_projection_predicts()
    {
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            // Run i costs i g: after k runs, spent k(k+1)/2 g and projected 5(k+1) g, over 27 g first at k = 5.
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Train", "Program.cs", 25, 10) });
            var budget = new CarbonBudget(0.027, BudgetAction.Stop, () => inventory);
            for (var run = 1; run <= 4; run++)
                Close(budget, new CarbonWindow(null, "Train", null), grams: run);
            Assert.False(budget.Token.IsCancellationRequested);
            Assert.Equal(0.025, budget.ProjectedKgCO2e!.Value, 12);
            budget.ThrowIfRefusing("Train");

            Close(budget, new CarbonWindow(null, "Train", null), grams: 5);
            Assert.True(budget.Token.IsCancellationRequested);
            Assert.True(budget.IsExceeded);
            Assert.Equal(0.015, budget.SpentKgCO2e, 12);
            Assert.Equal(0.030, budget.ProjectedKgCO2e!.Value, 12);
            var refused = Assert.Throws<CarbonBudgetExceededException>(() => budget.ThrowIfRefusing("Train"));
            Assert.IsAssignableFrom<OperationCanceledException>(refused);
            Assert.Equal(budget.Token, refused.CancellationToken);
            Assert.Equal((0.027, "Train"), (refused.BudgetKgCO2e, refused.Method));

            Assert.Equal(new[]
            {
                "CarbonAttrs: Program.cs:25 Train \u00d7 10: 1 of 10 runs, 1 g CO2eq so far, projected 10 g (10 g)",
                "CarbonAttrs: Program.cs:25 Train \u00d7 10: 2 of 10 runs, 3 g CO2eq so far, projected 15 g (11\u201319 g)",
                "CarbonAttrs: Program.cs:25 Train \u00d7 10: 3 of 10 runs, 6 g CO2eq so far, projected 20 g (13\u201327 g)",
                "CarbonAttrs: Program.cs:25 Train \u00d7 10: 4 of 10 runs, 10 g CO2eq so far, projected 25 g (16\u201334 g)",
                "CarbonAttrs: Program.cs:25 Train \u00d7 10: 5 of 10 runs, 15 g CO2eq so far, projected 30 g (20\u201340 g)",
            }, lines);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void A_loop_of_unknown_size_reports_spent_and_mean_only_and_only_spent_trips_the_budget()
    {
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Trial", "Search.cs", 7, null) });
            var budget = new CarbonBudget(0.005, BudgetAction.Warn, () => inventory);
            Close(budget, new CarbonWindow(null, "Trial", null), grams: 2);
            Close(budget, new CarbonWindow(null, "Trial", null), grams: 2);
            Assert.Null(budget.ProjectedKgCO2e);
            Assert.False(budget.IsExceeded);
            Close(budget, new CarbonWindow(null, "Trial", null), grams: 2);
            Assert.True(budget.IsExceeded);
            budget.ThrowIfRefusing("Trial"); // warn never refuses

            Assert.Equal("CarbonAttrs: Search.cs:7 Trial: 3 runs, 6 g CO2eq so far, 2 g per run", lines[^1]);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void Two_loop_methods_closing_in_turn_keep_their_own_progress()
    {
        // The budget remembers the last name it looked up (the calling thread's fast path): methods that alternate, with
        // names equal in text but distinct instances too, must still each count only their own runs.
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Train", "A.cs", 3, 4), new TrackedLoop("Eval", "B.cs", 9, 4) });
            var budget = new CarbonBudget(null, BudgetAction.Warn, () => inventory);
            for (var run = 1; run <= 3; run++)
            {
                Close(budget, new CarbonWindow(null, new string("Train".AsSpan()), null), grams: 2);
                Close(budget, new CarbonWindow(null, "Eval", null), grams: 1);
                Close(budget, new CarbonWindow(null, "Unlisted", null), grams: 5);
            }

            Assert.Equal("CarbonAttrs: A.cs:3 Train × 4: 3 of 4 runs, 6 g CO2eq so far, projected 8 g (8 g)", lines[^2]);
            Assert.Equal("CarbonAttrs: B.cs:9 Eval × 4: 3 of 4 runs, 3 g CO2eq so far, projected 4 g (4 g)", lines[^1]);
            Assert.Equal(6, lines.Count);
            Assert.Equal(0.024, budget.SpentKgCO2e, 12);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void The_environment_and_the_json_file_set_the_budget_and_bad_values_are_named()
    {
        var options = OptionsLoader.Load(key => key switch
        {
            "CARBONATTRS_BUDGET_KG" => "0.5",
            "CARBONATTRS_BUDGET_ACTION" => "STOP",
            _ => null,
        }, configFilePath: null);
        Assert.Equal((0.5, BudgetAction.Stop), (options.BudgetKgCO2e, options.BudgetAction));

        var file = Path.Combine(Path.GetTempPath(), "carbonattrs-budget-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """{ "budgetKgCO2e": 1.25, "budgetAction": "warn" }""");
        try
        {
            var fromFile = OptionsLoader.Load(_ => null, file);
            Assert.Equal((1.25, BudgetAction.Warn), (fromFile.BudgetKgCO2e, fromFile.BudgetAction));
        }
        finally
        {
            File.Delete(file);
        }

        var messages = new List<string>();
        Diagnostics.TrackerLog.ResetForTests();
        Diagnostics.TrackerLog.Sink = (_, m) => messages.Add(m);
        try
        {
            var bad = OptionsLoader.Load(key => key switch
            {
                "CARBONATTRS_BUDGET_KG" => "-2",
                "CARBONATTRS_BUDGET_ACTION" => "halt",
                _ => null,
            }, configFilePath: null);
            Assert.Equal(((double?)null, BudgetAction.Warn), (bad.BudgetKgCO2e, bad.BudgetAction));
            Assert.Contains(messages, m => m.Contains("CARBONATTRS_BUDGET_KG = '-2'", StringComparison.Ordinal) && m.Contains("greater than 0", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("CARBONATTRS_BUDGET_ACTION = 'halt'", StringComparison.Ordinal) && m.Contains("'warn' or 'stop'", StringComparison.Ordinal));
        }
        finally
        {
            Diagnostics.TrackerLog.Sink = null;
        }
    }

    private static void Close(CarbonBudget budget, CarbonWindow window, double grams)
    {
        window.Dispose(); // no runtime: only restores the parent as ambient
        budget.OnWindowClosed(window, new CarbonMeasurement { Name = window.Name, CpuJoules = grams * 3600, Intensity = Forced, Pue = 1.0 }, System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
