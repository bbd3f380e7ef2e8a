using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Runtime;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Budget;

/// <summary>
/// The budget's per-thread totals (the per-row hot path: a top-level generated call with no limit set adds to its own
/// thread's totals without a lock): the spend stays exact at every read and from any thread, loop runs are folded into
/// their progress with the same lines, projection and last-run line as the locked path, and a limit still goes through
/// the lock so that <c>stop</c> refuses the very next call.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class ThreadTotalsTests
{
    private static readonly CarbonIntensity Forced = new(1000, "forced"); // 1 g = 3.6 kJ

    [Fact]
    public async Task Generated_calls_on_many_threads_add_up_exactly_and_a_reader_never_sees_the_spend_go_back()
    {
        var budget = new CarbonBudget(null, BudgetAction.Warn, () => TrackedLoopInventory.Empty);
        var method = new TrackedMethod("Model.Step", null, summarize: false, recordArguments: false, recordResult: false);
        const int threads = 8, calls = 2000;
        var (reads, decreases) = (0L, 0L);
        using var done = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            var last = 0.0;
            do
            {
                var spent = budget.SpentKgCO2e;
                if (spent < last)
                    decreases++;
                (last, reads) = (spent, reads + 1);
                reading.Set();
            }
            while (!done.IsCancellationRequested);
        });
        reading.Wait();

        RunOnThreads(threads, thread =>
        {
            for (var i = 0; i < calls; i++)
                Close(budget, new CarbonWindow(null, method.Name, null), grams: 0.25, method);
        });
        done.Cancel();
        await reader;

        Assert.Equal(threads * calls * 0.25 / 1000, budget.SpentKgCO2e, 12);
        Assert.True(reads > 0);
        Assert.Equal(0, decreases);
    }

    [Fact]
    public void Past_the_threads_that_keep_their_own_totals_calls_take_the_lock_and_still_count()
    {
        var budget = new CarbonBudget(null, BudgetAction.Warn, () => TrackedLoopInventory.Empty);
        var method = new TrackedMethod("Model.Step", null, summarize: false, recordArguments: false, recordResult: false);
        var threads = CarbonBudget.MaxThreadTotals + 44;
        RunOnThreads(threads, _ =>
        {
            for (var i = 0; i < 10; i++)
                Close(budget, new CarbonWindow(null, method.Name, null), grams: 0.5, method);
        }, oneAtATime: true); // every thread alive at once is not needed: each joins the budget on its first call

        Assert.Equal(threads * 10 * 0.5 / 1000, budget.SpentKgCO2e, 12);
    }

    [Fact]
    public void A_loop_run_per_row_keeps_its_first_lines_its_projection_and_its_last_line()
    {
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Trainer.Step", "Program.cs", 12, 50) });
            var budget = new CarbonBudget(null, BudgetAction.Warn, () => inventory);
            var method = new TrackedMethod("Trainer.Step", null, summarize: false, recordArguments: false, recordResult: false);
            var now = Stopwatch.GetTimestamp(); // one instant: past the first fold, no fold comes from time passing

            for (var run = 1; run <= 30; run++)
                Close(budget, new CarbonWindow(null, method.Name, null), grams: 1, method, now);
            Assert.Equal(LoopProgress.RunsAlwaysDescribed, lines.Count); // one line per run for the first runs only
            Assert.Equal(0.030, budget.SpentKgCO2e, 12);                // every run in the spend at once
            Assert.Equal(0.050, budget.ProjectedKgCO2e!.Value, 12);     // 30 g + 1 g × 20 runs left, runs not yet folded counted

            for (var run = 31; run <= 50; run++)
                Close(budget, new CarbonWindow(null, method.Name, null), grams: 1, method, now);
            Assert.Equal(LoopProgress.RunsAlwaysDescribed + 1, lines.Count);
            Assert.Equal("CarbonAttrs: Program.cs:12 Trainer.Step \u00d7 50: 50 of 50 runs, 50 g CO2eq so far, projected 50 g (50 g)", lines[^1]);
            Assert.Equal(0.050, budget.SpentKgCO2e, 12);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void Runs_are_folded_into_the_progress_as_time_passes_with_a_line_at_most_once_a_second()
    {
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Trainer.Step", "Program.cs", 12, null) });
            var budget = new CarbonBudget(null, BudgetAction.Warn, () => inventory);
            var method = new TrackedMethod("Trainer.Step", null, summarize: false, recordArguments: false, recordResult: false);
            var start = Stopwatch.GetTimestamp();
            for (var run = 1; run <= 2000; run++) // 1 ms per run: 2 s
                Close(budget, new CarbonWindow(null, method.Name, null), grams: 1, method, start + run * Stopwatch.Frequency / 1000);

            var later = lines.Skip(LoopProgress.RunsAlwaysDescribed).ToList();
            var runs = later.Select(l => long.Parse(l.Split(": ")[2].Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
            // Folds come every 100 ms of runs from the 21st run (the first to skip the lock), so at runs 21, 121, 221, ...;
            // a line comes at the first fold a second or more after the 20th run's line.
            Assert.Equal(new[] { 1021L }, runs);
            Assert.Equal(2.0, budget.SpentKgCO2e, 12);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void Two_loop_methods_alternating_on_one_thread_each_count_their_own_runs()
    {
        var lines = new List<string>();
        CarbonBudget.LineSink = lines.Add;
        try
        {
            var inventory = new TrackedLoopInventory(new[] { new TrackedLoop("Train", "A.cs", 3, 40), new TrackedLoop("Eval", "B.cs", 9, 40) });
            var budget = new CarbonBudget(null, BudgetAction.Warn, () => inventory);
            var train = new TrackedMethod("Train", null, summarize: false, recordArguments: false, recordResult: false);
            var eval = new TrackedMethod("Eval", null, summarize: false, recordArguments: false, recordResult: false);
            var now = Stopwatch.GetTimestamp();
            for (var run = 1; run <= 40; run++)
            {
                Close(budget, new CarbonWindow(null, train.Name, null), grams: 2, train, now);
                Close(budget, new CarbonWindow(null, eval.Name, null), grams: 1, eval, now);
            }

            Assert.Contains("CarbonAttrs: A.cs:3 Train \u00d7 40: 40 of 40 runs, 80 g CO2eq so far, projected 80 g (80 g)", lines);
            Assert.Equal("CarbonAttrs: B.cs:9 Eval \u00d7 40: 40 of 40 runs, 40 g CO2eq so far, projected 40 g (40 g)", lines[^1]);
            Assert.Equal(0.120, budget.SpentKgCO2e, 12);
        }
        finally
        {
            CarbonBudget.LineSink = null;
        }
    }

    [Fact]
    public void With_a_limit_every_close_is_checked_and_stop_refuses_the_very_next_call()
    {
        var budget = new CarbonBudget(0.0101, BudgetAction.Stop, () => TrackedLoopInventory.Empty);
        var method = new TrackedMethod("Model.Step", null, summarize: false, recordArguments: false, recordResult: false);
        for (var call = 1; call <= 10; call++)
        {
            budget.ThrowIfRefusing(method.Name);
            Close(budget, new CarbonWindow(null, method.Name, null), grams: 1, method);
        }
        budget.ThrowIfRefusing(method.Name); // 10 g of 10.1 g
        Close(budget, new CarbonWindow(null, method.Name, null), grams: 1, method);
        Assert.True(budget.IsExceeded);
        Assert.Throws<CarbonBudgetExceededException>(() => budget.ThrowIfRefusing(method.Name));
        Assert.Equal(0.011, budget.SpentKgCO2e, 12);
    }

    [Fact]
    public void The_spend_of_real_per_row_calls_on_several_threads_matches_their_ledger_rows()
    {
        using var ledger = new TempLedger(o => o.MaxRowsPerSecond = 0);
        var method = new TrackedMethod("Model.Step", null, summarize: false, recordArguments: false, recordResult: false);
        RunOnThreads(4, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                var call = method.Begin();
                var watch = Stopwatch.StartNew();
                while (watch.ElapsedTicks < Stopwatch.Frequency / 20_000) { } // 50 µs of work: a measurable row
                call.End();
            }
        });
        var rows = ledger.ReadRows();

        Assert.Equal(2000, rows.Count);
        var fromRows = rows.Sum(r => double.Parse(r["emissions"], CultureInfo.InvariantCulture));
        Assert.True(fromRows > 0);
        Assert.Equal(fromRows, CarbonTracker.Budget.SpentKgCO2e, fromRows * 1e-12);
    }

    private static void RunOnThreads(int count, Action<int> body, bool oneAtATime = false)
    {
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() => body(i))).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
            if (oneAtATime)
                thread.Join();
        }
        foreach (var thread in threads)
            thread.Join();
    }

    private static void Close(CarbonBudget budget, CarbonWindow window, double grams, TrackedMethod method, long? endTimestamp = null)
    {
        window.Dispose(); // no runtime: only restores the parent as ambient
        budget.OnWindowClosed(window, new CarbonMeasurement { Name = window.Name, CpuJoules = grams * 3600, Intensity = Forced, Pue = 1.0 },
            endTimestamp ?? Stopwatch.GetTimestamp(), method);
    }
}
