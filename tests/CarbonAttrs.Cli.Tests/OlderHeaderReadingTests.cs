using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint.Ledgers;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Cli.Tests;

/// <summary>
/// Every header a ledger may carry (CarbonAttrs 0.1.0's, CodeCarbon 2.3, 3.0 and 3.3.0's, and today's) is read by
/// the footprint reader (<see cref="LedgerFileReader"/>) and by the CLI's <c>report</c>: columns are found by name.
/// </summary>
public class OlderHeaderReadingTests
{
    [Theory]
    [InlineData("carbonattrs-0.1.0.csv", true, 51, "CarbonAttrs 0.1.0")]
    [InlineData("codecarbon-3.0.csv", false, 37, "CodeCarbon 3.0.4")]
    [InlineData("codecarbon-3.3.csv", false, 38, "CodeCarbon 3.3.0")]
    public void A_ledger_with_an_older_or_foreign_header_is_read_by_column_name(string file, bool ours, int columns, string tool)
    {
        var path = CliRunner.DataFile(file);
        Assert.Equal(columns, File.ReadLines(path).First().Split(',').Length);
        Assert.NotEqual(LedgerColumns.Header, File.ReadLines(path).First());

        var read = LedgerFileReader.Read(path);

        Assert.Empty(read.Problems);
        var row = Assert.Single(read.Rows);
        Assert.Equal(ours ? LedgerFormat.CarbonAttrs : LedgerFormat.CodeCarbon, row.Format);
        Assert.Equal(tool, row.ToolVersion);
        Assert.Equal(0.175, row.EnergyKwh, 12);
        Assert.Equal(0.15, row.GpuKwh, 12);
        Assert.Equal(0.05, row.EmissionsKg, 12);
        Assert.Equal("machine", row.TrackingMode);
    }

    [Fact]
    public void Todays_header_with_flops_samples_and_job_id_is_read()
    {
        using var dir = new TempFolder();
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { new TestRow { Method = "Trainer.Step", CpuKwh = 0.01, GpuKwh = 0.02, RamKwh = 0.001 } });
        Assert.Equal(55, File.ReadLines(path).First().Split(',').Length);

        var read = LedgerFileReader.Read(path);

        Assert.Empty(read.Problems);
        var row = Assert.Single(read.Rows);
        Assert.Equal(LedgerFormat.CarbonAttrs, row.Format);
        Assert.Equal("Trainer.Step", row.Method);
        Assert.Equal(0.031, row.EnergyKwh, 12);
    }

    [Fact]
    public void The_report_command_reads_a_folder_holding_every_header_at_once()
    {
        using var dir = new TempFolder();
        foreach (var file in new[] { "carbonattrs-0.1.0.csv", "codecarbon-2.3.csv", "codecarbon-3.0.csv", "codecarbon-3.3.csv" })
            File.Copy(CliRunner.DataFile(file), dir.File(file));
        LedgerWriter.Write(dir.File("emissions.csv"), new[] { new TestRow { CpuKwh = 0.01, GpuKwh = 0.02, RamKwh = 0.001 } });

        var set = LedgerSet.Load(new[] { dir.Path });

        Assert.Empty(set.Problems);
        Assert.Equal(5, set.Files.Count);
        Assert.Equal(1 + 2 + 1 + 1 + 1, set.Rows.Count);
        Assert.Equal(0.175 * 3 + 0.3045 + 0.15225 + 0.031, set.Rows.Sum(r => r.EnergyKwh), 9);
    }
}
