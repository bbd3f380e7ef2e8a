using CarbonAttrs.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace CarbonAttrs.Reliability.Tests.Faults;

/// <summary>Output folder not writable, disappearing mid-run, disk full: a clear warning, the program goes on.</summary>
[Collection(ReliabilityCollection.Name)]
public class OutputFolderFaultTests(ITestOutputHelper output)
{
    [Fact]
    public void An_output_folder_that_cannot_be_created_warns_once_and_the_program_continues()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "a regular file where a folder should be");
        try
        {
            // Root ignores permission bits, so "not writable" is made with a path below a regular file.
            using var scope = new TrackerScope(outputDirectory: Path.Combine(blocker, "out"));
            UserCode.Work(50, "unwritable");
            UserCode.Work(50, "unwritable");

            var warning = Assert.Single(scope.Warnings);
            Assert.Contains("could not be created", warning);
            Assert.Contains("CARBONATTRS_OUTPUT_DIR", warning);
            Assert.Equal(202, TrackerRuntime.CurrentOrNull()!.Ledger.DroppedRows); // 2 × (50 per-row + 50 windows + 1 summary)
            output.WriteLine(warning);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [TmpfsFact]
    public void A_read_only_filesystem_warns_once_and_the_program_continues()
    {
        using var tmpfs = Tmpfs.Mount("ro,size=64k");
        using var scope = new TrackerScope(outputDirectory: tmpfs.Path);
        UserCode.Work(20, "read-only");

        var warning = Assert.Single(scope.Warnings);
        Assert.Contains("could not be written", warning);
        Assert.False(File.Exists(Path.Combine(tmpfs.Path, "emissions.csv")));
        output.WriteLine(warning);
    }

    [Fact]
    public void A_folder_deleted_mid_run_is_recreated_and_later_rows_land_in_a_new_ledger()
    {
        using var scope = new TrackerScope(outputDirectory: Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "vanishing-" + Guid.NewGuid().ToString("N")));
        UserCode.Work(10, "before");
        Assert.True(File.Exists(scope.LedgerPath));
        Directory.Delete(scope.OutputDirectory, recursive: true);
        UserCode.Work(10, "after");

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(21, ledger.Records.Count); // 10 per-row + 10 windows + 1 summary, all of the second half
        Assert.All(ledger.Records, r => Assert.Equal("after", ledger.Value(r, "experiment_id")));
        Directory.Delete(scope.OutputDirectory, recursive: true);
    }

    [Fact]
    public void A_folder_replaced_by_a_file_mid_run_warns_and_writing_resumes_once_it_is_back()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", "replaced-" + Guid.NewGuid().ToString("N"));
        using var scope = new TrackerScope(outputDirectory: folder);
        UserCode.Work(5, "first");
        Directory.Delete(folder, recursive: true);
        File.WriteAllText(folder, "not a folder");
        UserCode.Work(5, "lost");
        File.Delete(folder);
        UserCode.Work(5, "resumed");

        Assert.Contains(scope.Warnings, w => w.Contains("could not be created"));
        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(11, ledger.Records.Count(r => ledger.Value(r, "experiment_id") == "resumed"));
        Assert.DoesNotContain(ledger.Records, r => ledger.Value(r, "experiment_id") == "lost");
        Directory.Delete(folder, recursive: true);
    }

    [TmpfsFact]
    public void A_full_disk_drops_rows_with_one_warning_and_appending_resumes_cleanly_when_space_returns()
    {
        using var tmpfs = Tmpfs.Mount("size=64k");
        using var scope = new TrackerScope(outputDirectory: tmpfs.Path);
        for (var batch = 0; batch < 30; batch++)
            UserCode.Work(10, "filling"); // about 150 KiB of rows into 64 KiB

        var warning = Assert.Single(scope.Warnings);
        Assert.Contains("disk not full", warning);
        var dropped = TrackerRuntime.CurrentOrNull()!.Ledger.DroppedRows;
        Assert.True(dropped > 0);

        tmpfs.Remount("size=1m");
        UserCode.Work(10, "after-space-returned");

        var ledger = LedgerFile.Read(scope.LedgerPath);
        // The row cut by ENOSPC is the only casualty a reader sees; every row after it is whole.
        Assert.True(ledger.Malformed.Count() <= 1, $"{ledger.Malformed.Count()} malformed records");
        Assert.Equal(21, ledger.WellFormed.Count(r => ledger.Value(r, "experiment_id") == "after-space-returned"));
        output.WriteLine($"64 KiB tmpfs: {ledger.WellFormed.Count()} whole rows kept, {dropped} rows dropped, {ledger.Malformed.Count()} torn at the boundary");
        output.WriteLine(warning);
    }

    [Fact]
    public void A_ledger_that_is_dev_full_warns_and_the_program_continues()
    {
        using var scope = new TrackerScope();
        File.CreateSymbolicLink(scope.LedgerPath, "/dev/full");
        UserCode.Work(20, "dev-full");

        var warning = Assert.Single(scope.Warnings);
        Assert.Contains("could not be written", warning);
        Assert.True(TrackerRuntime.CurrentOrNull()!.Ledger.DroppedRows >= 41);
    }
}
