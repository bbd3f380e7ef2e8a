using System.Diagnostics;
using Xunit.Abstractions;
using CarbonAttrs.Reliability.Tests.Support;

namespace CarbonAttrs.Reliability.Tests.Crash;

/// <summary>The flood guard in real processes: a runaway per-row loop is capped; normal rates are untouched.</summary>
[Collection(ReliabilityCollection.Name)]
public class FloodGuardProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tight_per_row_loop_killed_after_6_seconds_leaves_about_10000_rows_plus_summaries_all_well_formed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "flood-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ledgerPath = Path.Combine(folder, "emissions.csv");
        try
        {
            // Default guard (1,000 rows/s per method). A flush every 2,000,000 calls writes the summary so far.
            using var child = ChildProcess.StartWriter(folder, "flood", count: long.MaxValue, flushEvery: 2_000_000);
            var error = child.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ledgerPath) && clock.Elapsed < TimeSpan.FromMinutes(1) && !child.HasExited)
                Thread.Sleep(10);
            Thread.Sleep(TimeSpan.FromSeconds(6));
            Assert.False(child.HasExited, "the loop ended by itself");
            child.Kill(); // SIGKILL: no exit flush
            child.WaitForExit();
            var size = new FileInfo(ledgerPath).Length;

            // A later process cuts a tail the kill may have torn; then every record must be whole.
            var (exit, _, afterError) = ChildProcess.WaitForExit(ChildProcess.StartWriter(folder, "after", 10, 10), TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, afterError);
            var ledger = LedgerFile.ReadStrict(ledgerPath);
            var flood = ledger.Records.Where(r => ledger.Value(r, "experiment_id") == "flood").ToList();
            var perRow = flood.Count(r => ledger.Value(r, "calls") == "1");
            var summaries = flood.Where(r => ledger.Value(r, "calls") != "1").ToList();
            var summarizedCalls = summaries.Sum(r => long.Parse(ledger.Value(r, "calls")));
            output.WriteLine($"ledger {size:N0} bytes after 6 s: {perRow:N0} per-row rows, {summaries.Count} summary rows covering {summarizedCalls:N0} calls");

            Assert.InRange(perRow, 10_000, 10_001); // 10 × 1,000 within 10 s, plus the row of the call that tripped the guard
            Assert.NotEmpty(summaries);
            Assert.All(summaries, r => Assert.Equal("child-row", ledger.Value(r, "method")));
            Assert.True(summarizedCalls >= 2_000_000 - perRow, $"summaries cover {summarizedCalls} calls");
            var warnings = await error;
            Assert.Contains("child-row wrote more than 10,000 ledger rows within 10 s", warnings);
            Assert.Contains("Summarize = true", warnings);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Four_processes_writing_3000_rows_each_under_the_limit_give_exactly_12000_rows()
    {
        const int processes = 4, rowsEach = 3_000;
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "under-limit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var children = Enumerable.Range(0, processes).Select(p => ChildProcess.StartWriter(folder, "process-" + p, rowsEach, flushEvery: 100)).ToList();
            foreach (var child in children)
            {
                var (exit, _, error) = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(2));
                Assert.True(exit == 0, error);
                Assert.DoesNotContain("warning", error);
                child.Dispose();
            }

            var ledger = LedgerFile.ReadStrict(Path.Combine(folder, "emissions.csv"));
            Assert.Equal(processes * rowsEach, ledger.Records.Count);
            Assert.All(ledger.Records, r => Assert.Equal("1", ledger.Value(r, "calls")));
            for (var p = 0; p < processes; p++)
            {
                var sequence = ledger.Records.Where(r => ledger.Value(r, "experiment_id") == "process-" + p)
                    .Select(r => long.Parse(ledger.Value(r, "result")));
                Assert.Equal(Enumerable.Range(0, rowsEach).Select(i => (long)i), sequence);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
