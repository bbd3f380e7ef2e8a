using System.CommandLine;
using CarbonAttrs.Cli.Running;

namespace CarbonAttrs.Cli.Commands;

/// <summary><c>carbonattrs run -- COMMAND [ARGS...]</c>: measure any program into the same ledger.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string?>("--name") { Description = "The rows' method name. Default: the command line, shortened.", HelpName = "NAME" };
        var experiment = new Option<string?>("--experiment") { Description = "The rows' experiment_id.", HelpName = "E" };
        var outputDir = new Option<DirectoryInfo?>("--output-dir") { Description = "Folder of emissions.csv (over CARBONATTRS_OUTPUT_DIR; default: the current folder).", HelpName = "DIR" };
        var interval = new Option<double?>("--interval") { Description = "Also write a row every SECONDS while the command runs, nested in the final row (a report counts each joule once).", HelpName = "SECONDS" };
        var grace = new Option<double>("--stop-grace")
        {
            Description = "When CARBONATTRS_BUDGET_ACTION=stop ends the command: seconds between SIGTERM and SIGKILL.",
            DefaultValueFactory = _ => 10,
            HelpName = "SECONDS",
        };
        var command = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0.1))
                r.AddError("--interval must be a number of seconds, at least 0.1 (e.g. 60).");
        });
        grace.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0))
                r.AddError("--stop-grace must be a number of seconds, at least 0.");
        });

        var run = new Command("run", Description)
        {
            name, experiment, outputDir, interval, grace, command,
        };
        run.SetAction(parse => MeasuredRun.Execute(context, new RunSettings(
            parse.GetValue(command)!,
            parse.GetValue(name),
            parse.GetValue(experiment),
            parse.GetValue(outputDir)?.FullName,
            parse.GetValue(interval) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TimeSpan.FromSeconds(parse.GetValue(grace)))));
        return run;
    }

    private const string Description =
        "Run a command and write its energy and CO2eq to emissions.csv, with the settings of the library (carbonattrs.json, CARBONATTRS_*). " +
        "The command keeps the terminal, receives SIGINT and SIGTERM sent to carbonattrs, and its exit code is returned (128 + N when signal N ended it). " +
        "One row when it ends: method = --name or the command line, status ok (exit code 0), failed, or cancelled (stopped by the budget), hyperparameters {\"command\", \"exit_code\"}.\n" +
        "What is measured: on Linux, CPU by RAPL (or an estimate from CPU time) and GPUs by NVML; in process mode (the default) the command's whole process tree " +
        "(children and grandchildren, found through /proc) is billed: its share of CPU time, its GPUs (NVML's per-process lists) and its resident memory; " +
        "in machine mode (CARBONATTRS_TRACKING_MODE=machine) the whole machine. " +
        "On Windows and macOS the command runs and is timed, and its energy is estimated from its own process's CPU time and memory (its children are not seen); GPUs by NVML where there is one.\n" +
        "Budget: with CARBONATTRS_BUDGET_KG and CARBONATTRS_BUDGET_ACTION=stop the command is sent SIGTERM once its emissions pass the budget, then SIGKILL after --stop-grace.\n" +
        "Example: carbonattrs run --name train --interval 60 -- python train.py --epochs 3";
}
