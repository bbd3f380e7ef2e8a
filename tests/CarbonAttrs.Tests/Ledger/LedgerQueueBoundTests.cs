using System.Text;
using CarbonAttrs.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Ledger;

[Collection(TrackerCollection.Name)]
public class LedgerQueueBoundTests
{
    [Fact]
    public void Beyond_the_bound_rows_are_dropped_counted_and_warned_about_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-tests", Guid.NewGuid().ToString("N"));
        using var writerEntered = new ManualResetEventSlim();
        using var releaseWriter = new ManualResetEventSlim();
        var messages = EmissionsLedgerTests.CaptureWarnings(() =>
        {
            using var ledger = new EmissionsLedger(folder, (in QueuedRow m, LedgerLineBuffer line) =>
            {
                if (m.Name == "first")
                {
                    writerEntered.Set();
                    releaseWriter.Wait(); // the writer is stuck (a slow disk): rows pile up behind it
                }
                line.Text(m.Name);
            }, maxPendingRows: 10);

            try
            {
                ledger.Enqueue(new CarbonMeasurement { Name = "first" });
                Assert.True(writerEntered.Wait(TimeSpan.FromSeconds(30)), "the writer thread never picked up the first row");
                for (var i = 0; i < 15; i++)
                    ledger.Enqueue(new CarbonMeasurement { Name = "row" + i });
                Assert.Equal(5, ledger.QueueFullDroppedRows);
            }
            finally
            {
                releaseWriter.Set(); // never leave the writer stuck (Dispose would wait for it)
            }
            ledger.Flush();
            Assert.Equal(11, ledger.WrittenRows);

            // Room again once the writer caught up.
            ledger.Enqueue(new CarbonMeasurement { Name = "later" });
            ledger.Flush();
            Assert.Equal(5, ledger.QueueFullDroppedRows);
        });

        var lines = File.ReadAllLines(Path.Combine(folder, EmissionsLedger.DefaultFileName), Encoding.UTF8);
        Assert.Equal(LedgerColumns.Header, lines[0]);
        Assert.Equal(new[] { "first" }.Concat(Enumerable.Range(0, 10).Select(i => "row" + i)).Append("later"), lines.Skip(1));
        var warning = Assert.Single(messages);
        Assert.Contains("Summarize = true", warning);
        Assert.Contains("CARBONATTRS_OUTPUT_DIR", warning);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_batch_larger_than_one_write_buffer_arrives_whole_and_in_order()
    {
        using var ledger = new TempLedger();
        const int calls = 5_000; // several 1 MiB batches with 300-character names
        var name = new string('n', 300);
        for (var i = 0; i < calls; i++)
            using (CarbonTracker.Track(name + i)) { }
        var rows = ledger.ReadRows();
        Assert.Equal(Enumerable.Range(0, calls).Select(i => name + i), rows.Select(r => r["method"]));
    }
}
