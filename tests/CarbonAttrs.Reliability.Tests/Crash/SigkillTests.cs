using System.Diagnostics;
using Xunit.Abstractions;
using CarbonAttrs.Reliability.Tests.Support;

namespace CarbonAttrs.Reliability.Tests.Crash;

/// <summary>A writer killed with SIGKILL mid-run: the ledger still parses and the next run appends cleanly.</summary>
[Collection(ReliabilityCollection.Name)]
public class SigkillTests(ITestOutputHelper output)
{
    [Fact]
    public void A_ledger_written_by_a_killed_process_parses_and_the_next_run_appends_cleanly()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "sigkill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ledgerPath = Path.Combine(folder, "emissions.csv");
        try
        {
            var killedRuns = 3;
            for (var run = 0; run < killedRuns; run++)
                KillWhileWriting(folder, ledgerPath, "killed-" + run, newRows: 200);

            var before = LedgerFile.Read(ledgerPath);
            // Each killed run left a prefix of its sequence (rows in flight are lost, none reordered or duplicated).
            for (var run = 0; run < killedRuns; run++)
            {
                var sequence = before.WellFormed.Where(r => before.Value(r, "experiment_id") == "killed-" + run)
                    .Select(r => long.Parse(before.Value(r, "result"))).ToList();
                Assert.NotEmpty(sequence);
                output.WriteLine($"killed-{run}: {sequence.Count} rows kept, a gap-free prefix of its sequence");
                Assert.Equal(Enumerable.Range(0, sequence.Count).Select(i => (long)i), sequence);
            }
            output.WriteLine($"malformed records after {killedRuns} kills: {before.Malformed.Count()}");
            // Each run cuts the tail the kill before it tore: at most the last kill's record is torn.
            Assert.True(before.Malformed.Count() <= 1, $"{before.Malformed.Count()} malformed records after {killedRuns} kills");

            var clean = ChildProcess.StartWriter(folder, "after-crash", count: 500, flushEvery: 100);
            var (exit, _, error) = ChildProcess.WaitForExit(clean, TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, error);

            var after = LedgerFile.Read(ledgerPath);
            Assert.Empty(after.Malformed);
            var appended = after.Records.Where(r => LedgerFile.IsWellFormed(r) && after.Value(r, "experiment_id") == "after-crash")
                .Select(r => long.Parse(after.Value(r, "result"))).ToList();
            Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), appended);
            Assert.Equal(1, File.ReadLines(ledgerPath).Count(l => l.StartsWith("timestamp,project_name,", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_row_torn_in_the_middle_is_the_only_record_lost_and_the_next_run_starts_on_a_fresh_line()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "torn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ledgerPath = Path.Combine(folder, "emissions.csv");
        try
        {
            var (exit, _, error) = ChildProcess.WaitForExit(ChildProcess.StartWriter(folder, "first", 100, 100), TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, error);
            // What a kill between two write() calls of one row would leave (the writer issues one write per line,
            // so this is worse than a real SIGKILL can do): the file cut in the middle of the last row, inside a quoted field.
            var text = File.ReadAllText(ledgerPath);
            var cut = text.LastIndexOf("\"{", StringComparison.Ordinal) + 5;
            Assert.True(cut > 5 && cut < text.Length - 1, "the last row should hold a quoted hyperparameters field");
            File.WriteAllText(ledgerPath, text.Substring(0, cut));
            var torn = text.Substring(text.LastIndexOf('\n', cut) + 1, cut - text.LastIndexOf('\n', cut) - 1);

            (exit, _, error) = ChildProcess.WaitForExit(ChildProcess.StartWriter(folder, "second", 100, 100), TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, error);

            var ledger = LedgerFile.Read(ledgerPath);
            var first = ledger.WellFormed.Where(r => ledger.Value(r, "experiment_id") == "first").Count();
            var second = ledger.WellFormed.Where(r => ledger.Value(r, "experiment_id") == "second").Select(r => long.Parse(ledger.Value(r, "result"))).ToList();
            Assert.Equal(99, first);
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), second);
            Assert.Empty(ledger.Malformed);
            Assert.Equal(torn + "\n", File.ReadAllText(ledgerPath + ".torn"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void KillWhileWriting(string folder, string ledgerPath, string name, int newRows)
    {
        var mustHaveAtLeast = CountLines(ledgerPath, int.MaxValue) + newRows;
        // Paced (50 rows, then 2 ms) so the kill lands mid-stream, and bounded so that a late kill cannot fill the disk.
        using var child = ChildProcess.StartWriter(folder, name, count: 100_000, flushEvery: 50, pauseMs: 2);
        var deadline = Stopwatch.StartNew();
        // Kill only once rows are really being appended, so the kill lands mid-stream.
        while (CountLines(ledgerPath, mustHaveAtLeast) < mustHaveAtLeast)
        {
            if (child.HasExited)
                Assert.Fail("the child writer exited by itself: " + child.StandardError.ReadToEnd());
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), "the child wrote too few rows in a minute");
            Thread.Sleep(20);
        }
        Assert.False(child.HasExited, $"{name} finished before it could be killed (waited {deadline.ElapsedMilliseconds} ms for {mustHaveAtLeast} lines, file has {CountLines(ledgerPath, int.MaxValue)})");
        child.Kill(); // SIGKILL on Unix: no finally, no ProcessExit flush
        child.WaitForExit();
    }

    /// <summary>Counts line breaks, stopping at <paramref name="enough"/> (the file keeps growing while we read).</summary>
    private static int CountLines(string path, int enough)
    {
        if (!File.Exists(path))
            return 0;
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16); }
        catch (IOException) { return 0; } // a .NET reader takes a shared flock: refused while the writer holds its exclusive one
        using var _ = stream;
        var buffer = new byte[1 << 16];
        var count = 0;
        int read;
        while (count < enough && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }
}
