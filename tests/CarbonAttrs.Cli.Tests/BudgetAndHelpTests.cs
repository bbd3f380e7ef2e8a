using CarbonAttrs.Cli.Tests.Support;

namespace CarbonAttrs.Cli.Tests;

public class BudgetAndHelpTests
{
    [Fact]
    public void Budget_exits_1_over_and_0_within()
    {
        using var dir = new TempFolder();
        // 2 runs × 5.5 Wh × 100 g/kWh = 1.1 g; plus a nested row that must not push it over.
        var parent = new TestRow();
        var rows = new[] { parent, new TestRow { End = parent.End.AddHours(1) }, new TestRow { ParentRunId = parent.RunId, GpuKwh = 0.004 } };
        var path = LedgerWriter.Write(dir.File("emissions.csv"), rows);
        var used = 2 * parent.EmissionsKg;

        var over = CliRunner.Run("budget", "--max-kg", (used * 0.9).ToString("R", System.Globalization.CultureInfo.InvariantCulture), path);
        var within = CliRunner.Run("budget", "--max-kg", (used * 1.01).ToString("R", System.Globalization.CultureInfo.InvariantCulture), path);

        Assert.Equal(1, over.ExitCode);
        Assert.True(over.Output.StartsWith("Over budget: 1.1 g CO2eq of 0.99 g CO2eq (111.1 %)"), over.Output);
        Assert.Equal(0, within.ExitCode);
        Assert.StartsWith("Within budget: 1.1 g CO2eq", within.Output);
    }

    [Fact]
    public void Budget_exits_2_when_a_ledger_cannot_be_read()
    {
        using var dir = new TempFolder();
        var outcome = CliRunner.Run("budget", "--max-kg", "10", dir.File("missing.csv"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("missing.csv: cannot be read: no such file", outcome.Error);
        Assert.Contains("the budget was not checked", outcome.Error);
    }

    [Fact]
    public void Malformed_rows_are_warnings_with_file_and_line()
    {
        using var dir = new TempFolder();
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { new TestRow() }, "garbage");

        var outcome = CliRunner.Run("budget", "--max-kg", "1", path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"warning: {path}:3: row has 1 fields but the header has {LedgerWriter.ColumnCount}; skipped", outcome.Error);
    }

    [Theory]
    [InlineData("report", "carbonattrs report <files>... [options]", "--html <FILE>")]
    [InlineData("estimate", "carbonattrs estimate [options]", "--gpu <MODEL> (REQUIRED)")]
    [InlineData("budget", "carbonattrs budget <files>... [options]", "--max-kg <X> (REQUIRED)")]
    [InlineData("footprint", "carbonattrs footprint [options]", "--budget-kg <X>")]
    public void Every_command_has_help(string command, string usage, string option)
    {
        var outcome = CliRunner.Run(command, "--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Description:", outcome.Output);
        Assert.Contains(usage, outcome.Output);
        Assert.Contains(option, outcome.Output);
    }

    [Fact]
    public void Root_help_lists_the_commands_and_usage_errors_exit_2()
    {
        var help = CliRunner.Run("--help");
        var wrong = CliRunner.Run("budget", "file.csv");

        Assert.Contains("carbonattrs [command] [options]", help.Output);
        foreach (var command in new[] { "report", "estimate", "budget", "footprint" })
            Assert.Contains("  " + command, help.Output);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("Option '--max-kg' is required.", wrong.Error);
    }
}
