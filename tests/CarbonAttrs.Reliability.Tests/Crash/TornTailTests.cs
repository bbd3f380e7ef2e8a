using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using CarbonAttrs.Reliability.Tests.Support;

namespace CarbonAttrs.Reliability.Tests.Crash;

/// <summary>
/// Writers killed with SIGKILL while the ledger writer appends 1 MiB batches: the next appender moves any partial
/// record to <c>emissions.csv.torn</c>, so every record left in the ledger has the header's field count.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class TornTailTests(ITestOutputHelper output)
{
    // No pauses and no flushes: the writer formats 1 MiB batches back to back; the guard is off so every call is a row.
    private static readonly Dictionary<string, string> Unguarded = new() { ["CARBONATTRS_MAX_ROWS_PER_SECOND"] = "0" };

    [Fact]
    public void Writers_killed_mid_batch_leave_only_whole_records_and_the_torn_bytes_in_the_torn_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "torn-batch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ledgerPath = Path.Combine(folder, "emissions.csv");
        var expectedTorn = new StringBuilder();
        var realTears = 0;
        try
        {
            var random = new Random(13);
            for (var kill = 0; kill < 24 && realTears < 2; kill++)
            {
                expectedTorn.Append(TornTail(ledgerPath)); // what the next writer must move
                // 2,000,000 rows take the writer several seconds to format and append; bounded (about 1.2 GB) so that a
                // kill that never comes cannot fill the disk.
                using var child = ChildProcess.StartWriter(folder, "batch-" + kill, count: 2_000_000, flushEvery: int.MaxValue, environment: Unguarded);
                var clock = Stopwatch.StartNew();
                var before = Length(ledgerPath);
                while (Length(ledgerPath) == before && clock.Elapsed < TimeSpan.FromMinutes(1) && !child.HasExited)
                    Thread.Sleep(10);
                Thread.Sleep(random.Next(50, 400)); // batches of 1 MiB are being appended back to back
                var beforeKill = Length(ledgerPath);
                if (child.HasExited) // (reading stderr waits for the child's exit: only once it has exited)
                    Assert.Fail("the writer exited before it could be killed: " + child.StandardError.ReadToEnd());
                child.Kill(); // SIGKILL
                child.WaitForExit();
                var tail = TornTail(ledgerPath);
                if (tail.Length > 0)
                    realTears++;
                output.WriteLine($"kill {kill}: ledger {Length(ledgerPath):N0} bytes ({beforeKill:N0} just before the kill), torn tail {tail.Length} bytes");
            }
            if (TornTail(ledgerPath).Length == 0)
            {
                // The last kill did not land inside a write (an earlier tear, if any, was already moved by the next
                // writer): cut the last record as a kill inside write() does (short write), so the writer below has
                // a tail to move and warn about.
                using (var stream = new FileStream(ledgerPath, FileMode.Open, FileAccess.ReadWrite))
                    stream.SetLength(stream.Length - 300); // a row is longer than 300 bytes: the cut lands inside the last one
                output.WriteLine($"{realTears} real tear(s) in the kills, none in the last: the last record was cut by hand");
            }
            expectedTorn.Append(TornTail(ledgerPath));
            Assert.NotEqual(0, expectedTorn.Length);

            var (exit, _, error) = ChildProcess.WaitForExit(ChildProcess.StartWriter(folder, "after", count: 100, flushEvery: 100), TimeSpan.FromMinutes(1));
            Assert.True(exit == 0, error);
            Assert.Contains(".torn", error); // the one warning, naming both files and the byte count
            Assert.Contains("bytes", error);

            var header = File.ReadLines(ledgerPath).First().Split(',').Length;
            var records = 0;
            foreach (var record in LedgerFile.StreamStrict(ledgerPath)) // asserts every record is complete with the header's field count
            {
                Assert.Equal(header, record.Fields.Length);
                records++;
            }
            output.WriteLine($"{realTears} real tear(s); {records:N0} whole records; .torn holds {new FileInfo(ledgerPath + ".torn").Length} bytes");
            Assert.Equal(expectedTorn.ToString(), File.ReadAllText(ledgerPath + ".torn"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    // The bytes after the last line break (each with the line break the .torn file adds), or "" when the file ends whole.
    private static string TornTail(string path)
    {
        if (!File.Exists(path))
            return "";
        using var stream = File.OpenRead(path);
        var bytes = new byte[Math.Min(stream.Length, 1 << 16)]; // a row is under 1 KiB
        stream.Seek(-bytes.Length, SeekOrigin.End);
        stream.ReadExactly(bytes);
        if (bytes.Length == 0 || bytes[^1] == '\n')
            return "";
        var start = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start) + "\n";
    }
}
