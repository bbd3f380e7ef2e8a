using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Runtime;
using CarbonAttrs.Tests.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Tracking;

/// <summary>The per-method flood guard: counting over any 10 s, the switch to summaries, its warning, and 0 = off.</summary>
[Collection(TrackerCollection.Name)]
public class FloodGuardTests
{
    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency) + Stopwatch.Frequency * 1000;

    [Fact]
    public void The_guard_trips_on_the_first_row_over_ten_times_the_rate_within_ten_seconds()
    {
        using var ledger = new TempLedger();
        var guard = new RowFloodGuard(TrackerRuntime.CurrentOrNull()!, maxRowsPerSecond: 5);
        for (var i = 0; i < 30; i++)
            Assert.False(guard.CountRow(At(0.5)));
        for (var i = 0; i < 20; i++)
            Assert.False(guard.CountRow(At(9.2))); // 50 within 10 s: at the limit, not over
        Assert.True(guard.CountRow(At(9.9)));
    }

    [Theory]
    [InlineData(0.01, "about 102 rows/s")] // 51 rows in the half second they took, not spread over the 10 s window
    [InlineData(0.19, "about 5 rows/s")]   // a steady 5.3 rows/s: 51 rows within about 10 s
    public void The_warning_gives_the_rate_the_rows_came_at(double spacingSeconds, string expected)
    {
        using var ledger = new TempLedger();
        var guard = new RowFloodGuard(TrackerRuntime.CurrentOrNull()!, maxRowsPerSecond: 5);
        var row = 0;
        while (!guard.CountRow(At(1 + spacingSeconds * row)))
            Assert.True(++row < 1000, "the guard never tripped");

        var messages = EmissionsLedgerTests.CaptureWarnings(() => Assert.True(guard.Trip("Loop.Step", At(1 + spacingSeconds * row))));
        Assert.Contains(expected, Assert.Single(messages));
    }

    [Fact]
    public void Rows_older_than_ten_seconds_no_longer_count()
    {
        using var ledger = new TempLedger();
        var guard = new RowFloodGuard(TrackerRuntime.CurrentOrNull()!, maxRowsPerSecond: 5);
        for (var second = 0; second < 60; second += 10)
        {
            for (var i = 0; i < 45; i++)
                Assert.False(guard.CountRow(At(second + 0.1)));
        }
        for (var i = 0; i < 5; i++)
            Assert.False(guard.CountRow(At(200 + i * 2.5))); // a slow trickle after a long pause
    }

    [Fact]
    public void A_flooded_method_switches_to_summary_rows_covering_every_call_and_warns_once()
    {
        using var ledger = new TempLedger(o => o.MaxRowsPerSecond = 10);
        var method = new TrackedMethod("Loop.Step", "flood", summarize: false, recordArguments: false, recordResult: true);
        List<string>? messages = null;
        messages = EmissionsLedgerTests.CaptureWarnings(() =>
        {
            for (var i = 0; i < 600; i++)
            {
                var call = method.Begin();
                call.Result(i);
                call.End();
            }
            CarbonTracker.Flush();
        });
        var rows = ledger.ReadRows();

        var perRow = rows.Where(r => r["calls"] == "1").ToList();
        var summaries = rows.Where(r => r["calls"] != "1").ToList();
        Assert.Equal(101, perRow.Count); // 100 allowed within 10 s; the 101st call trips the guard and keeps its row
        Assert.Equal(Enumerable.Range(0, 101).Select(i => i.ToString(CultureInfo.InvariantCulture)), perRow.Select(r => r["result"]));
        var summary = Assert.Single(summaries);
        Assert.Equal("499", summary["calls"]);
        Assert.Equal("", summary["result"]);
        Assert.Equal("Loop.Step", summary["method"]);
        Assert.Equal(600, rows.Sum(r => long.Parse(r["calls"], CultureInfo.InvariantCulture)));
        var warning = Assert.Single(messages, m => m.Contains("Loop.Step"));
        Assert.Contains("rows/s", warning);
        Assert.Contains("10 rows/s per method", warning);
        Assert.Contains("Summarize = true", warning);
        Assert.Contains("CARBONATTRS_MAX_ROWS_PER_SECOND=0", warning);
    }

    [Fact]
    public void A_flooded_method_gets_a_row_every_period_without_a_flush()
    {
        var period = TrackerRuntime.FloodSummaryPeriod;
        TrackerRuntime.FloodSummaryPeriod = TimeSpan.FromMilliseconds(100);
        try
        {
            using var ledger = new TempLedger(o => o.MaxRowsPerSecond = 1);
            var method = new TrackedMethod("Loop.Periodic", null, summarize: false, recordArguments: false, recordResult: false);
            for (var i = 0; i < 61; i++)
                method.Begin().End();

            // No flush: the summary timer hands the row to the writer, which writes it on its own.
            var deadline = Stopwatch.StartNew();
            List<Dictionary<string, string>> rows;
            do
            {
                Thread.Sleep(100);
                rows = File.Exists(ledger.LedgerPath) ? TempLedger.ReadLedger(ledger.LedgerPath) : new();
            }
            while (SummarizedCalls(rows) < 50 && deadline.Elapsed < TimeSpan.FromSeconds(20));
            Assert.Equal(11, rows.Count(r => r["calls"] == "1"));
            Assert.Equal(50, SummarizedCalls(rows)); // in one row, or more if a period ended during the loop
        }
        finally
        {
            TrackerRuntime.FloodSummaryPeriod = period;
        }

        static long SummarizedCalls(List<Dictionary<string, string>> rows)
            => rows.Where(r => r["calls"] != "1").Sum(r => long.Parse(r["calls"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Zero_turns_the_guard_off()
    {
        using var ledger = new TempLedger(o => o.MaxRowsPerSecond = 0);
        var method = new TrackedMethod("Loop.Unguarded", null, summarize: false, recordArguments: false, recordResult: false);
        for (var i = 0; i < 12_000; i++)
            method.Begin().End();
        var rows = ledger.ReadRows();
        Assert.Equal(12_000, rows.Count);
        Assert.All(rows, r => Assert.Equal("1", r["calls"]));
    }
}
