using CarbonAttrs.Cli.Terminal;
using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Tests;

public class LedgerReadingTests
{
    [Fact]
    public void Our_ledger_is_read_with_every_carbonattrs_column()
    {
        using var dir = new TempFolder();
        var row = new TestRow { Method = "=cmd|' /C calc'!A0", Hyperparameters = "{\"lr\":0.01,\"optimizer\":\"adam, w/ decay\"}", Result = "0.91", Host = "gpu-1", Rank = "3" };
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { row });

        var read = LedgerFileReader.Read(path);

        Assert.Empty(read.Problems);
        var r = Assert.Single(read.Rows);
        Assert.Equal(LedgerFormat.CarbonAttrs, r.Format);
        Assert.Equal(row.RunId, r.RunId);
        Assert.Equal("'=cmd|' /C calc'!A0", r.Method); // stored defused by the ledger writer, read back as written
        Assert.Equal(new[] { "lr", "optimizer" }, r.Hyperparameters.Select(p => p.Key));
        Assert.Equal("adam, w/ decay", r.Hyperparameters[1].Value);
        Assert.Equal(0.91, r.Result);
        Assert.Equal(row.EnergyKwh, r.EnergyKwh, 12);
        Assert.Equal("measured:nvml", r.GpuSource);
        Assert.Equal(("gpu-1", "3"), (r.Host, r.Rank));
        Assert.Equal(new DateTimeOffset(row.End), r.End);
        Assert.Equal(2, r.Line);
    }

    [Fact]
    public void CodeCarbon_ledger_without_our_columns_is_read()
    {
        var read = LedgerFileReader.Read(CliRunner.DataFile("codecarbon-2.3.csv"));

        Assert.Empty(read.Problems);
        Assert.Equal(2, read.Rows.Count);
        var first = read.Rows[0];
        Assert.Equal(LedgerFormat.CodeCarbon, first.Format);
        Assert.Equal("bert-finetune", first.Method); // named after the project
        Assert.Equal(0.3045, first.EnergyKwh, 12);
        Assert.Equal(0.25, first.GpuKwh, 12);
        Assert.Equal("machine", first.TrackingMode);
        Assert.Equal("CodeCarbon 2.3.4", first.ToolVersion);
        Assert.Equal(0.1 * 1000 / 0.3045, first.EffectiveIntensity!.Value, 9);
        Assert.Equal(new DateTimeOffset(2024, 3, 12, 9, 21, 5, TimeSpan.Zero), first.Start);
    }

    [Fact]
    public void Malformed_rows_are_reported_with_file_and_line_and_skipped()
    {
        using var dir = new TempFolder();
        var good = new TestRow();
        var badNumber = LedgerWriter.Format(new TestRow()).Replace(",60,", ",sixty,");
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { good },
            "only,three,fields\n" + badNumber + "\n" + LedgerWriter.Format(new TestRow { End = default }).Replace("0001-01-01T00:00:00.000000", "yesterday") + "\n\n"
            + LedgerWriter.Format(new TestRow()) + "\n" + "\"torn,row");

        var read = LedgerFileReader.Read(path);

        Assert.Equal(2, read.Rows.Count);
        Assert.All(read.Problems, p => Assert.False(p.IsFileError));
        Assert.Collection(read.Problems,
            p => { Assert.Equal(3, p.Line); Assert.Contains($"3 fields but the header has {LedgerWriter.ColumnCount}", p.Message); },
            p => { Assert.Equal(4, p.Line); Assert.Contains("duration 'sixty' is not a non-negative number", p.Message); },
            p => { Assert.Equal(5, p.Line); Assert.Contains("timestamp 'yesterday'", p.Message); },
            p => { Assert.Equal(8, p.Line); Assert.Contains("torn", p.Message); });
        Assert.StartsWith(path + ":3: ", read.Problems[0].ToString());
    }

    [Fact]
    public void A_file_missing_required_columns_is_named_as_such()
    {
        using var dir = new TempFolder();
        var path = dir.File("metrics.csv");
        File.WriteAllText(path, "timestamp,run_id,loss\n2026-01-01T00:00:00,abc,0.3\n");

        var read = LedgerFileReader.Read(path);

        Assert.Empty(read.Rows);
        var problem = Assert.Single(read.Problems);
        Assert.True(problem.IsFileError);
        Assert.Contains("missing required columns duration, emissions, energy_consumed", problem.Message);
    }

    [Fact]
    public void Unreadable_and_empty_files_are_clear_errors()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("empty.csv"), "");

        var set = LedgerSet.Load(new[] { dir.File("nope.csv"), dir.File("empty.csv"), Path.Combine(dir.Path, "sub") });

        Assert.True(set.HasFileErrors);
        Assert.Contains(set.Problems, p => p.File.EndsWith("nope.csv") && p.Message == "cannot be read: no such file");
        Assert.Contains(set.Problems, p => p.File.EndsWith("empty.csv") && p.Message.Contains("is empty"));
    }

    [Fact]
    public void A_folder_stands_for_its_csv_files_and_a_bom_is_ignored()
    {
        using var dir = new TempFolder();
        LedgerWriter.Write(dir.File("a.csv"), new[] { new TestRow() });
        File.WriteAllText(dir.File("b.csv"), "\uFEFF" + File.ReadAllText(CliRunner.DataFile("codecarbon-2.3.csv")), new System.Text.UTF8Encoding(true));

        var set = LedgerSet.Load(new[] { dir.Path });

        Assert.Empty(set.Problems);
        Assert.Equal(3, set.Rows.Count);
    }

    [Fact]
    public void Large_reads_show_progress_on_stderr_and_small_ones_stay_quiet()
    {
        using var dir = new TempFolder();
        var path = LedgerWriter.Write(dir.File("big.csv"), Enumerable.Range(0, 400).Select(_ => new TestRow()));

        var quiet = new StringWriter();
        LedgerSet.Load(new[] { path }, new LedgerReadProgress(TerminalConsole.Create(quiet, isTerminal: false)));
        var shown = new StringWriter();
        var set = LedgerSet.Load(new[] { path }, new LedgerReadProgress(TerminalConsole.Create(shown, isTerminal: false), thresholdBytes: 1024));

        Assert.Equal("", quiet.ToString());
        Assert.Equal(400, set.Rows.Count);
        // Redirected (a CI log): plain lines only, no escape code and no carriage-return redraw.
        Assert.StartsWith("Reading 1 ledger file (", shown.ToString());
        Assert.DoesNotContain('\u001b', shown.ToString());
        Assert.DoesNotContain('\r', shown.ToString());
    }

    [Fact]
    public void On_a_terminal_large_reads_draw_a_progress_bar_that_is_cleared_at_the_end()
    {
        using var dir = new TempFolder();
        var path = LedgerWriter.Write(dir.File("big.csv"), Enumerable.Range(0, 400).Select(_ => new TestRow()));
        var terminal = new StringWriter();
        // What a terminal would get: ANSI and interactive, as TerminalConsole gives when stderr is not redirected.
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(terminal),
            Ansi = Spectre.Console.AnsiSupport.Yes,
            Interactive = Spectre.Console.InteractionSupport.Yes,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });

        var set = LedgerSet.Load(new[] { path }, new LedgerReadProgress(console, thresholdBytes: 1024));

        Assert.Equal(400, set.Rows.Count);
        var drawn = terminal.ToString();
        Assert.Contains("Reading 1 ledger file (", drawn);
        Assert.Contains("100%", drawn);
        Assert.Contains('\u001b', drawn);   // drawn in place with cursor movements
        Assert.DoesNotContain("Reading ledgers", drawn);   // the plain renderer's lines are for redirected output only
    }
}
