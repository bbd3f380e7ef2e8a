using CarbonAttrs.Runtime;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Tracking;

/// <summary>The API generated code calls, exercised directly (the generator tests run it through real interception).</summary>
[Collection(TrackerCollection.Name)]
public class TrackedMethodTests
{
    [Fact]
    public void Summarize_aggregates_16_threads_of_1000_calls_into_one_exact_row()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("Ns.Type.Step", null, summarize: true, recordArguments: true, recordResult: true);
        var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var call = method.Begin();
                call.Argument("i", i); // ignored in Summarize mode
                call.End();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var row = Assert.Single(ledger.ReadRows());
        Assert.Equal("Ns.Type.Step", row["method"]);
        Assert.Equal("16000", row["calls"]);
        Assert.Equal("", row["hyperparameters"]);
        Assert.Equal("ok", row["status"]);
    }

    [Fact]
    public void Summary_status_is_failed_when_any_call_failed_and_flushes_write_deltas()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("M", null, summarize: true, recordArguments: true, recordResult: true);
        Run(method, fail: false);
        Run(method, fail: true);
        CarbonTracker.Flush();
        Run(method, fail: false);

        var rows = ledger.ReadRows();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("2", "failed"), (rows[0]["calls"], rows[0]["status"]));
        Assert.Equal(("1", "ok"), (rows[1]["calls"], rows[1]["status"]));
    }

    [Fact]
    public void Per_call_mode_records_arguments_and_numeric_results_only()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("Train", "sweep", summarize: false, recordArguments: true, recordResult: true);
        var call = method.Begin();
        call.Argument("lr", 0.5);
        call.Argument("kind", DayOfWeek.Monday);
        call.Argument<int?>("seed", null);
        call.Result(-0.25);
        call.End();
        var other = method.Begin();
        other.Result("not a number");
        other.End();

        var rows = ledger.ReadRows();
        Assert.Equal("{\"lr\":0.5,\"kind\":\"Monday\",\"seed\":null}", rows[0]["hyperparameters"]);
        Assert.Equal("-0.25", rows[0]["result"]);
        Assert.Equal("", rows[1]["result"]);
        Assert.Equal("sweep", rows[0]["experiment_id"]);
    }

    [Fact]
    public async Task Async_window_lasts_until_the_task_completes_and_records_cancellation()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("Slow", null, summarize: false, recordArguments: true, recordResult: true);
        var call = method.Begin();
        var result = await TrackedAsync.Await(call, DelayThen(42));
        Assert.Equal(42, result);

        var cancelled = method.Begin();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TrackedAsync.Await(cancelled, Task.FromCanceled(new CancellationToken(true))));

        var rows = ledger.ReadRows();
        Assert.True(double.Parse(rows[0]["duration"], System.Globalization.CultureInfo.InvariantCulture) >= 0.19);
        Assert.Equal("42", rows[0]["result"]);
        Assert.Equal("cancelled", rows[1]["status"]);
    }

    [Fact]
    public void Disabled_tracking_makes_begin_a_no_op()
    {
        using var ledger = new TempLedger(o => o.Disabled = true);
        var call = new TrackedMethod("M", null, false, true, true).Begin();
        call.Argument("x", 1);
        call.End();
        Assert.Equal(default, call);
    }

    private static async Task<int> DelayThen(int value)
    {
        await Task.Delay(200);
        return value;
    }

    private static void Run(TrackedMethod method, bool fail)
    {
        var call = method.Begin();
        try
        {
            if (fail) throw new InvalidOperationException();
        }
        catch (Exception e) when (call.Fail(e)) { }
        catch (InvalidOperationException) { }
        finally { call.End(); }
    }
}
