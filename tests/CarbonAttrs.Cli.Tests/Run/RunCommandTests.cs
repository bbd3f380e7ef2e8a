using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Running;
using CarbonAttrs.Cli.Tests.Support;
using Xunit.Abstractions;
using static CarbonAttrs.Cli.Tests.Run.RunTestSupport;

namespace CarbonAttrs.Cli.Tests.Run;

/// <summary><c>carbonattrs run</c> against real processes (Linux: /proc, signals, a POSIX shell).</summary>
public sealed class RunCommandTests
{
    // /proc reports CPU time in clock ticks (10 ms), each field truncated: the billed sum of several processes' utime
    // and stime, read while they live, can fall a few ticks short of the kernel's own cutime total (seen: 4 ticks on
    // a tree of five processes). Counting a 2 s child twice, the bug these bounds catch, is 200 ticks.
    private const double TickTruncation = 0.1;

    private readonly ITestOutputHelper _log;

    public RunCommandTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void Two_busy_children_are_billed_by_the_cpu_time_of_the_whole_tree()
    {
        using var dir = new TempFolder();
        var script = $"{Busy(2)} & {Busy(2)} & wait; cat /proc/$$/stat > tree.stat";

        var (code, _, error) = CliProcess.Run(dir.Path, null, "run", "--", "sh", "-c", script);

        Assert.True(code == 0, error);
        var row = Assert.Single(Rows(dir.Path));
        // What the kernel says the shell and the two loops it waited for used: at most 2 × 2 s, less on a busy machine.
        var reference = ShellTreeCpuSeconds(dir.File("tree.stat"));
        var billed = CpuSeconds(row);
        _log.WriteLine($"duration {row.DurationSeconds:F3} s, billed {billed:F3} CPU-s, /proc says {reference:F3} CPU-s; {error}");
        Assert.InRange(row.DurationSeconds, 1.9, 10);
        Assert.InRange(reference, 0.05, 4.2); // the loops ran (a machine this test shares may give them little)
        // Billed = the reference plus the shell's own exit and the `cat`; each child counted once.
        Assert.InRange(billed, reference - TickTruncation, reference * 1.05 + 0.1);
        Assert.Equal("process", row.TrackingMode);
        Assert.Equal("ok", row.Status);
        Assert.Equal("0", Hyperparameter(row, "exit_code"));
        Assert.Equal("sh -c " + Quoted(script), Hyperparameter(row, "command"));
        Assert.StartsWith("sh -c 'timeout 2 sh", row.Method);
        Assert.Contains("carbonattrs: 'sh -c", error);
    }

    [Fact]
    public void Orphaned_grandchildren_stay_in_the_tree_until_they_end()
    {
        using var dir = new TempFolder();
        // The subshell exits at once: the loop's shell is orphaned and reparented (to carbonattrs, the subreaper).
        var script = $"(sh -c '{Busy(1.5)}; cat /proc/$$/stat > orphan.stat' &); sleep 2.5";

        var (code, _, error) = CliProcess.Run(dir.Path, null, "run", "--", "sh", "-c", script);

        Assert.True(code == 0, error);
        var row = Assert.Single(Rows(dir.Path));
        var orphan = ShellTreeCpuSeconds(dir.File("orphan.stat"));
        var billed = CpuSeconds(row);
        _log.WriteLine($"billed {billed:F3} CPU-s, the orphan used {orphan:F3} CPU-s");
        Assert.True(orphan > 0.03, $"the loop hardly ran ({orphan} CPU-s)");
        Assert.InRange(billed, orphan - TickTruncation, orphan * 1.05 + 0.15);
    }

    [Fact]
    public void Exit_code_3_is_returned_and_recorded_as_failed()
    {
        using var dir = new TempFolder();

        var (code, _, error) = CliProcess.Run(dir.Path, null, "run", "--name", "prepare data", "--experiment", "exp-7", "--", "sh", "-c", "exit 3");

        Assert.Equal(3, code);
        var row = Assert.Single(Rows(dir.Path));
        Assert.Equal("failed", row.Status);
        Assert.Equal("prepare data", row.Method);
        Assert.Equal("exp-7", row.ExperimentId);
        Assert.Equal("3", Hyperparameter(row, "exit_code"));
        Assert.Equal("sh -c 'exit 3'", Hyperparameter(row, "command"));
        Assert.Contains("exited with 3", error);
    }

    [Theory]
    [InlineData("INT", PosixNative.SigInt)]
    [InlineData("TERM", PosixNative.SigTerm)]
    public void A_signal_sent_to_carbonattrs_reaches_the_command_and_the_row_is_written(string name, int signal)
    {
        using var dir = new TempFolder();
        var script = $"trap 'echo got > interrupted; exit 5' {name}; touch ready; while :; do sleep 0.1; done";
        using var cli = CliProcess.Start(dir.Path, null, "run", "--", "sh", "-c", script);
        WaitFor(dir.File("ready"), cli);

        Assert.True(PosixNative.Send(cli.Id, signal));
        var code = cli.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal("got", File.ReadAllText(dir.File("interrupted")).Trim());
        Assert.Equal(5, code); // the command's own exit code, not carbonattrs' death by the signal
        var row = Assert.Single(Rows(dir.Path));
        Assert.Equal("failed", row.Status);
        Assert.Equal("5", Hyperparameter(row, "exit_code"));
        Assert.Equal("SIG" + name, Hyperparameter(row, "signal"));
    }

    [Fact]
    public void A_ctrl_c_typed_at_the_terminal_reaches_the_command_once()
    {
        using var dir = new TempFolder();
        // The terminal sends SIGINT to its whole foreground job, the command included: carbonattrs must not add a second.
        var script = "trap 'echo x >> interrupts' INT; touch ready; i=0; while [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done";
        using var cli = CliProcess.StartOnTerminal(dir.Path, "run", "--", "sh", "-c", script);
        WaitFor(dir.File("ready"), cli);

        cli.Type("\u0003");
        var code = cli.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, $"exit code {code}: " + cli.Output + cli.Error);
        Assert.Equal(new[] { "x" }, File.ReadAllLines(dir.File("interrupts")));
        Assert.Equal("SIGINT", Hyperparameter(Assert.Single(Rows(dir.Path)), "signal"));
    }

    [Fact]
    public void A_command_killed_by_a_signal_exits_with_128_plus_its_number()
    {
        using var dir = new TempFolder();

        var (code, _, _) = CliProcess.Run(dir.Path, null, "run", "--", "sh", "-c", "kill -KILL $$");

        Assert.Equal(137, code);
        Assert.Equal("137", Hyperparameter(Assert.Single(Rows(dir.Path)), "exit_code"));
    }

    [Fact]
    public void Interval_rows_follow_late_children_and_nest_in_the_final_row_so_the_report_counts_them_once()
    {
        using var dir = new TempFolder();
        // The loop starts after the first scans: found late, and billed while it runs (not only once it is reaped).
        var script = $"sleep 0.3; {Busy(2.6)}";

        var (code, _, error) = CliProcess.Run(dir.Path, null, "run", "--interval", "1", "--name", "job", "--", "sh", "-c", script);

        Assert.True(code == 124, error); // timeout's exit code when it ended the loop
        var rows = Rows(dir.Path);
        var final = Assert.Single(rows, r => r.ParentRunId is null);
        var intervals = rows.Where(r => r.ParentRunId == final.RunId).OrderBy(r => r.End).ToArray();
        _log.WriteLine(string.Join("\n", rows.Select(r => $"{r.Method} {r.DurationSeconds:F3} s {r.CpuKwh * 3.6e6:F3} J")));
        Assert.Equal(rows.Count - 1, intervals.Length);
        Assert.InRange(intervals.Length, 3, 6); // about 2.9 s of command in 1 s steps, the last one partial
        Assert.All(intervals, r => Assert.Equal("job (interval)", r.Method));
        Assert.Equal(Enumerable.Range(1, intervals.Length).Select(i => i.ToString()), intervals.Select(r => Hyperparameter(r, "interval")));
        Assert.InRange(intervals[0].DurationSeconds, 0.95, 3);
        // The loop's shell is a grandchild, reaped only at the end, and the command's shell only waits: billing the
        // second interval (1 s to 2 s) any CPU time at all means the grandchild was followed while it ran.
        Assert.True(CpuSeconds(intervals[1]) > 0, $"the second interval billed {CpuSeconds(intervals[1])} CPU-s");
        // Every edge is a direct read: the intervals add up to the final row.
        Assert.Equal(final.EnergyKwh, intervals.Sum(r => r.EnergyKwh), final.EnergyKwh * 1e-12);
        Assert.Equal(intervals.Length.ToString(), Hyperparameter(final, "intervals"));

        var counted = EnergyAccounting.Count(rows);
        var totals = Totals.From(counted);
        Assert.Equal(intervals.Length, totals.NestedRows);
        Assert.Equal(final.EnergyKwh, totals.EnergyKwh, final.EnergyKwh * 1e-12);
        Assert.Equal(final.EmissionsKg, totals.EmissionsKg, final.EmissionsKg * 1e-12);
    }

    [Theory]
    [InlineData(false, 143)] // SIGTERM ends the loop
    [InlineData(true, 137)]  // the loop ignores SIGTERM: SIGKILL after the grace period
    public void The_budget_stop_ends_a_long_running_command(bool ignoresSigterm, int expectedExitCode)
    {
        using var dir = new TempFolder();
        var environment = Environment(
            ("CARBONATTRS_INTENSITY_G_PER_KWH", "1000000"),
            ("CARBONATTRS_BUDGET_KG", "0.000001"),
            ("CARBONATTRS_BUDGET_ACTION", "stop"));
        var script = (ignoresSigterm ? "trap '' TERM; " : "") + "while :; do :; done";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (code, _, error) = CliProcess.Run(dir.Path, environment, "run", "--stop-grace", "1", "--", "sh", "-c", script);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(45), $"the command ran {started.Elapsed}");
        Assert.True(code == expectedExitCode, error);
        Assert.Contains("over its carbon budget of 1 mg CO2eq (CARBONATTRS_BUDGET_KG); stopping the command", error);
        var row = Assert.Single(Rows(dir.Path));
        Assert.Equal("cancelled", row.Status);
        Assert.Equal("carbon budget", Hyperparameter(row, "stopped_by"));
        Assert.Equal(expectedExitCode.ToString(), Hyperparameter(row, "exit_code"));
        Assert.True(row.EmissionsKg > 0.000001, $"{row.EmissionsKg} kg");
    }

    [Fact]
    public void The_budget_warns_and_lets_the_command_finish_by_default()
    {
        using var dir = new TempFolder();
        var environment = Environment(("CARBONATTRS_INTENSITY_G_PER_KWH", "1000000"), ("CARBONATTRS_BUDGET_KG", "0.000001"));

        var (code, _, error) = CliProcess.Run(dir.Path, environment, "run", "--", "sh", "-c", Busy(1) + "; exit 0");

        Assert.True(code == 0, error);
        Assert.Contains("warning: the run has spent", error);
        Assert.Contains("it goes on (CARBONATTRS_BUDGET_ACTION=stop would end it)", error);
        var row = Assert.Single(Rows(dir.Path));
        Assert.Equal("ok", row.Status);
        Assert.Equal("1E-06", Hyperparameter(row, "budget_kg"));
    }

    [Fact]
    public void A_command_measured_with_CarbonAttrs_nests_its_rows_in_the_run_row()
    {
        using var dir = new TempFolder();
        // The inner command is carbonattrs itself: a runtime that reads CARBONATTRS_PARENT_RUN_ID as any measured .NET program does.
        var (code, _, error) = CliProcess.Run(dir.Path, null,
            "run", "--name", "outer", "--", CliProcess.DotnetHost(), CliProcess.CliDll, "run", "--name", "inner", "--", "sh", "-c", Busy(0.5));

        Assert.True(code == 124, error); // timeout's exit code, through both
        var rows = Rows(dir.Path);
        var outer = Assert.Single(rows, r => r.Method == "outer");
        var inner = Assert.Single(rows, r => r.Method == "inner");
        Assert.Null(outer.ParentRunId);
        Assert.Equal(outer.RunId, inner.ParentRunId);
        Assert.True(CpuSeconds(outer) >= CpuSeconds(inner), "the outer row measured the inner run's whole tree");
        var totals = Totals.From(EnergyAccounting.Count(rows));
        Assert.Equal(1, totals.NestedRows);
        Assert.Equal(outer.EnergyKwh, totals.EnergyKwh, outer.EnergyKwh * 1e-12);
    }

    [Fact]
    public void Machine_mode_bills_the_whole_machine()
    {
        using var dir = new TempFolder();

        var (code, _, error) = CliProcess.Run(dir.Path, Environment(("CARBONATTRS_TRACKING_MODE", "machine")), "run", "--", "sh", "-c", "sleep 1");

        Assert.True(code == 0, error);
        var row = Assert.Single(Rows(dir.Path));
        Assert.Equal("machine", row.TrackingMode);
        // A sleeping command holds a megabyte or two; machine mode bills all installed memory (0.375 W per GiB).
        var installedRamJoules = CarbonAttrs.Energy.HardwareInfo.Detect().RamTotalGb * CarbonAttrs.Energy.Estimates.RamSizeEstimateSource.WattsPerGb * row.DurationSeconds;
        Assert.InRange(row.RamKwh * 3.6e6, 0.8 * installedRamJoules, 1.2 * installedRamJoules);
    }

    [Fact]
    public void An_unknown_program_exits_127_with_a_clear_error_and_no_row()
    {
        using var dir = new TempFolder();

        var (code, _, error) = CliProcess.Run(dir.Path, null, "run", "--", "no-such-program-carbonattrs");

        Assert.Equal(MeasuredRun.CommandNotFound, code);
        Assert.Contains("error: cannot start 'no-such-program-carbonattrs'", error);
        Assert.False(File.Exists(dir.File("emissions.csv")));
    }

    [Fact]
    public void Help_says_what_is_measured_where()
    {
        var help = CliRunner.Run("run", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("carbonattrs run <command>... [options]", help.Output);
        Assert.Contains("--interval <SECONDS>", help.Output);
        Assert.Contains("On Windows and macOS the command runs and is timed", help.Output);
        Assert.Contains("CARBONATTRS_BUDGET_ACTION=stop", help.Output);
    }

    [Fact]
    public void Bad_options_are_usage_errors()
    {
        var outcome = CliRunner.Run("run", "--interval", "0", "--", "true");

        Assert.Equal(CliApplication.Failure, outcome.ExitCode);
        Assert.Contains("--interval must be a number of seconds, at least 0.1", outcome.Error);
    }

    private static string Quoted(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    private static void WaitFor(string file, CliProcess cli)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(file))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{file} never appeared; stderr:\n{cli.Error}");
            Thread.Sleep(20);
        }
    }
}
