using CarbonAttrs.Diagnostics;
using CarbonAttrs.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Ledger;

[Collection(TrackerCollection.Name)]
public class EmissionsLedgerTests
{
    [Fact]
    public void A_file_with_another_header_is_left_untouched_and_rows_go_beside_it()
    {
        using var ledger = new TempLedger();
        const string foreign = "timestamp,project_name,run_id,duration,emissions\n2024-01-01,proj,abc,1.0,0.001\n";
        File.WriteAllText(ledger.LedgerPath, foreign);
        var messages = CaptureWarnings(() =>
        {
            using (CarbonTracker.Track("first")) { }
            CarbonTracker.Flush();
            using (CarbonTracker.Track("second")) { }
            CarbonTracker.Flush();
        });

        Assert.Equal(foreign, File.ReadAllText(ledger.LedgerPath));
        var beside = Path.Combine(ledger.Directory, "emissions.carbonattrs.csv");
        Assert.Equal(new[] { "first", "second" }, TempLedger.ReadLedger(beside).Select(r => r["method"]));
        Assert.Equal(beside, CarbonTracker.LedgerPath);
        Assert.Single(messages, m => m.Contains("different header") && m.Contains("emissions.carbonattrs.csv"));
    }

    [Fact]
    public void Rows_append_to_an_existing_ledger_of_ours_without_a_second_header()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("run-1")) { }
        CarbonTracker.Flush();
        // A second process (here: a new tracker) appends to the same file.
        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = ledger.Directory });
        using (CarbonTracker.Track("run-2")) { }

        var rows = ledger.ReadRows();
        Assert.Equal(new[] { "run-1", "run-2" }, rows.Select(r => r["method"]));
        Assert.Equal(1, File.ReadLines(ledger.LedgerPath).Count(l => l == LedgerColumns.Header));
    }

    [Fact]
    public void A_last_line_torn_by_a_crash_is_not_glued_to_the_next_row()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("before-crash")) { }
        CarbonTracker.Flush();
        File.AppendAllText(ledger.LedgerPath, "2024-01-01T00:00:00,half a ro"); // what a killed writer could leave
        using (CarbonTracker.Track("after-crash")) { }
        CarbonTracker.Flush();

        var lines = File.ReadAllLines(ledger.LedgerPath);
        Assert.Equal("2024-01-01T00:00:00,half a ro", lines[2]);
        Assert.Contains(",after-crash,", lines[3]);
    }

    [Fact]
    public void An_unwritable_output_folder_warns_once_and_never_throws()
    {
        var blocker = Path.GetTempFileName(); // a file where the folder should be
        using var ledger = new TempLedger(o => o.OutputDirectory = Path.Combine(blocker, "sub"));
        var messages = CaptureWarnings(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using (CarbonTracker.Track("lost")) { }
                CarbonTracker.Flush();
            }
        });
        Assert.Single(messages, m => m.Contains("could not be created") && m.Contains("CARBONATTRS_OUTPUT_DIR"));
        File.Delete(blocker);
    }

    internal static List<string> CaptureWarnings(Action action)
    {
        var messages = new List<string>();
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (messages) messages.Add(message); };
        try { action(); }
        finally { TrackerLog.Sink = null; }
        return messages;
    }
}
