using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Runtime;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Budget;

/// <summary>
/// Calls of <c>Summarize</c> methods count in the runtime budget: no window measures them, so outside any window the
/// budget adds each as it ends (CARB008 recommends <c>Summarize</c> for per-step methods, whose spend would otherwise be
/// invisible to the budget), and inside a window they stay that window's, counted once. Real calls through the runtime
/// and a real ledger: the spend is compared with the summary rows the ledger gets.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class SummarizedSpendTests
{
    [Fact]
    public void Summarized_calls_outside_any_window_add_to_the_spend_what_their_summary_rows_record()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("Model.Step", null, summarize: true, recordArguments: false, recordResult: false);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 500; i++)
                Work(method);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var spent = CarbonTracker.Budget.SpentKgCO2e;

        var rows = ledger.ReadRows();
        Assert.Equal(2000, rows.Where(r => r["method"] == "Model.Step").Sum(r => long.Parse(r["calls"], CultureInfo.InvariantCulture)));
        var fromRows = rows.Sum(r => double.Parse(r["emissions"], CultureInfo.InvariantCulture));
        Assert.True(fromRows > 0);
        // The rows sum energy in whole nanojoules per call: a few parts per million below the calls' exact sum.
        Assert.Equal(fromRows, spent, fromRows * 1e-4);
    }

    [Fact]
    public void Summarized_calls_inside_a_window_are_counted_once_by_that_window()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("Model.Step", null, summarize: true, recordArguments: false, recordResult: false);
        using (CarbonTracker.Track("epoch"))
        {
            for (var i = 0; i < 200; i++)
                Work(method);
        }
        var spent = CarbonTracker.Budget.SpentKgCO2e;

        var epoch = Assert.Single(ledger.ReadRows(), r => r["method"] == "epoch");
        var epochKg = double.Parse(epoch["emissions"], CultureInfo.InvariantCulture);
        Assert.True(epochKg > 0);
        Assert.Equal(epochKg, spent, epochKg * 1e-9);
    }

    [Fact]
    public void A_budget_with_stop_refuses_the_next_summarized_call_once_summarized_calls_spent_it()
    {
        using var ledger = new TempLedger(o =>
        {
            o.BudgetKgCO2e = 1e-15; // the first call's energy exceeds it
            o.BudgetAction = BudgetAction.Stop;
        });
        var method = new TrackedMethod("Model.Step", null, summarize: true, recordArguments: false, recordResult: false);

        Work(method);
        Assert.True(CarbonTracker.Budget.IsExceeded);
        Assert.True(CarbonTracker.Budget.Token.IsCancellationRequested);
        var refused = Assert.Throws<CarbonBudgetExceededException>(() => method.Begin());
        Assert.Equal("Model.Step", refused.Method);
    }

    // One call of about 50 µs: enough for a measurable share of the process's estimated energy.
    private static void Work(TrackedMethod method)
    {
        var call = method.Begin();
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedTicks < Stopwatch.Frequency / 20_000) { }
        call.End();
    }
}
