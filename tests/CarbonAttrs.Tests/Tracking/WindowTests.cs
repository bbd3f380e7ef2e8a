using System.Globalization;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Tracking;

[Collection(TrackerCollection.Name)]
public class WindowTests
{
    [Fact]
    public void A_window_writes_one_row_with_its_facts()
    {
        using var ledger = new TempLedger();
        using (var window = CarbonTracker.Track("train", experiment: "exp-1"))
        {
            window.Record("lr", 0.01).Record("optimizer", "adam, with \"quotes\"").Record("epochs", 3);
            window.SetResult(0.875);
            BusyWork(TimeSpan.FromMilliseconds(150));
        }

        var row = Assert.Single(ledger.ReadRows());
        Assert.Equal("train", row["method"]);
        Assert.Equal("exp-1", row["experiment_id"]);
        Assert.Equal("ok", row["status"]);
        Assert.Equal("1", row["calls"]);
        Assert.Equal("{\"lr\":0.01,\"optimizer\":\"adam, with \\\"quotes\\\"\",\"epochs\":3}", row["hyperparameters"]);
        Assert.Equal("0.875", row["result"]);
        Assert.Equal("", row["parent_run_id"]);
        Assert.True(double.Parse(row["duration"], CultureInfo.InvariantCulture) >= 0.14);
        Assert.StartsWith("estimated:", row["cpu_energy_source"]);
        Assert.Equal("none", row["gpu_energy_source"]);
        Assert.True(double.Parse(row["cpu_energy"], CultureInfo.InvariantCulture) > 0, "busy CPU work must cost energy");
        var energy = double.Parse(row["energy_consumed"], CultureInfo.InvariantCulture);
        var emissions = double.Parse(row["emissions"], CultureInfo.InvariantCulture);
        Assert.Equal(energy * 100 / 1000, emissions, 12); // forced 100 g/kWh
        Assert.Equal("100", row["intensity_g_per_kwh"]);
        Assert.StartsWith("forced", row["intensity_source"]);
        Assert.Equal("1", row["pue"]);
        Assert.Equal("process", row["tracking_mode"]);
    }

    [Fact]
    public void A_window_that_closes_before_the_sampler_ticks_still_gets_its_energy()
    {
        // A 10 s period: no background sample lands during the window, and right after start-up the
        // sampler knows no power yet. The window's end reads the counters directly instead of reporting 0 J.
        using var ledger = new TempLedger(o => o.SampleInterval = TimeSpan.FromSeconds(10));
        using (CarbonTracker.Track("first-window"))
            BusyWork(TimeSpan.FromMilliseconds(200));

        var row = Assert.Single(ledger.ReadRows());
        Assert.True(double.Parse(row["cpu_energy"], CultureInfo.InvariantCulture) > 0, "a busy 200 ms window must not read 0 J");
        Assert.EndsWith("(interpolated)", row["cpu_energy_source"]); // shorter than one sampling period, and it says so
    }

    [Fact]
    public async Task Parents_flow_across_await_and_threads()
    {
        using var ledger = new TempLedger();
        Guid outerId, innerId = default, threadId = default;
        using (var outer = CarbonTracker.Track("outer"))
        {
            outerId = outer.RunId;
            await Task.Yield();
            using (var inner = CarbonTracker.Track("inner"))
            {
                innerId = inner.RunId;
                await Task.Delay(10);
                await Task.Run(() =>
                {
                    using var onThread = CarbonTracker.Track("on-thread");
                    threadId = onThread.RunId;
                });
            }
            Assert.Same(outer, CarbonWindow.Current);
        }
        Assert.Null(CarbonWindow.Current);

        var rows = ledger.ReadRows().ToDictionary(r => r["method"]);
        Assert.Equal("", rows["outer"]["parent_run_id"]);
        Assert.Equal(outerId.ToString(), rows["inner"]["parent_run_id"]);
        Assert.Equal(innerId.ToString(), rows["on-thread"]["parent_run_id"]);
        Assert.Equal(threadId.ToString(), rows["on-thread"]["run_id"]);
    }

    [Fact]
    public void Failed_and_cancelled_windows_say_so()
    {
        using var ledger = new TempLedger();
        using (var w = CarbonTracker.Track("fails")) w.Fail(new InvalidOperationException());
        using (var w = CarbonTracker.Track("cancelled")) w.Fail(new OperationCanceledException());

        var rows = ledger.ReadRows().ToDictionary(r => r["method"], r => r["status"]);
        Assert.Equal("failed", rows["fails"]);
        Assert.Equal("cancelled", rows["cancelled"]);
    }

    [Fact]
    public void A_window_collected_undisposed_stops_splitting_later_windows_and_is_reported()
    {
        var warnings = new List<string>();
        GC.Collect(); // any window an earlier test forgot is reported now, not in place of this one (said once)
        GC.WaitForPendingFinalizers();
        Diagnostics.TrackerLog.ResetForTests();
        Diagnostics.TrackerLog.Sink = (_, message) => { lock (warnings) warnings.Add(message); };
        try
        {
            using var ledger = new TempLedger();
            OpenAndForgetOnAnotherThread("forgotten");
            GC.Collect();
            GC.WaitForPendingFinalizers();

            using (var w = CarbonTracker.Track("after"))
            {
                Thread.Sleep(5);
                w.Dispose();
                Assert.False(w.Measurement!.Split, "once the forgotten window is collected, it no longer takes a share");
                Assert.DoesNotContain("(split)", w.Measurement.CpuSource);
            }
            lock (warnings)
                Assert.Contains(warnings, m => m.Contains("\"forgotten\" was never disposed", StringComparison.Ordinal));
            Assert.DoesNotContain(ledger.ReadRows(), r => r["method"] == "forgotten");
        }
        finally
        {
            Diagnostics.TrackerLog.Sink = null;
        }
    }

    // On its own thread (not inlined, so neither the thread nor its execution context stays reachable from
    // the test), so nothing keeps the window as an ambient parent: it is garbage once this returns.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void OpenAndForgetOnAnotherThread(string name)
    {
        var opener = new Thread(() => CarbonTracker.Track(name));
        opener.Start();
        opener.Join();
    }

    [Fact]
    public void Disposing_twice_records_once()
    {
        using var ledger = new TempLedger();
        var w = CarbonTracker.Track("twice");
        w.Dispose();
        w.Dispose();
        Assert.Single(ledger.ReadRows());
        Assert.NotNull(w.Measurement);
    }

    [Fact]
    public void Sixteen_threads_of_a_thousand_windows_give_exactly_16000_rows()
    {
        using var ledger = new TempLedger();
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using var w = CarbonTracker.Track("t" + t);
                w.Record("i", i);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var rows = ledger.ReadRows();
        Assert.Equal(16_000, rows.Count);
        Assert.Equal(16_000, rows.Select(r => r["run_id"]).Distinct().Count());
        Assert.All(Enumerable.Range(0, 16), t => Assert.Equal(1000, rows.Count(r => r["method"] == "t" + t)));
    }

    [Fact]
    public void Disabled_tracking_writes_nothing_and_windows_still_work()
    {
        using var ledger = new TempLedger(o => o.Disabled = true);
        using (var w = CarbonTracker.Track("off")) w.Record("x", 1);
        CarbonTracker.Flush();
        Assert.False(File.Exists(ledger.LedgerPath));
    }

    internal static void BusyWork(TimeSpan duration)
    {
        var end = DateTime.UtcNow + duration;
        var x = 0.0;
        while (DateTime.UtcNow < end)
            x += Math.Sqrt(x + 1);
        GC.KeepAlive(x);
    }
}
