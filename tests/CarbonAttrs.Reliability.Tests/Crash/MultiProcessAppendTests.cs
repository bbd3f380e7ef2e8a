using CarbonAttrs.Reliability.Tests.Support;

namespace CarbonAttrs.Reliability.Tests.Crash;

/// <summary>Several processes appending to one emissions.csv at once.</summary>
[Collection(ReliabilityCollection.Name)]
public class MultiProcessAppendTests
{
    [Fact]
    public void Processes_appending_to_one_ledger_at_once_leave_no_torn_or_interleaved_row()
    {
        const int processes = 6;
        const int rowsEach = 2_000;
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "multi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Flushing every 10 rows makes each process take the file lock about 200 times.
            var children = Enumerable.Range(0, processes)
                .Select(p => ChildProcess.StartWriter(folder, "process-" + p, rowsEach, flushEvery: 10)).ToList();
            foreach (var child in children)
            {
                var (exit, _, error) = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(2));
                Assert.True(exit == 0, error);
                Assert.DoesNotContain("warning", error);
                child.Dispose();
            }

            var ledger = LedgerFile.ReadStrict(Path.Combine(folder, "emissions.csv"));
            Assert.Equal(processes * rowsEach, ledger.Records.Count);
            for (var p = 0; p < processes; p++)
            {
                var sequence = ledger.Records.Where(r => ledger.Value(r, "experiment_id") == "process-" + p)
                    .Select(r => long.Parse(ledger.Value(r, "result"))).ToList();
                // Each process's rows arrive whole and in its own order.
                Assert.Equal(Enumerable.Range(0, rowsEach).Select(i => (long)i), sequence);
            }
            Assert.Equal(1, File.ReadLines(Path.Combine(folder, "emissions.csv")).Count(l => l.StartsWith("timestamp,", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
