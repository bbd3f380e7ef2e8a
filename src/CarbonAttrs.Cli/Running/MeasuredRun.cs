using System.ComponentModel;
using System.Diagnostics;
using CarbonAttrs.Configuration;
using CarbonAttrs.Energy;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// <c>carbonattrs run</c>: starts a command on the terminal's stdin/stdout/stderr, measures it with the runtime's
/// own sampler and probes (billing its process tree in <c>process</c> mode), writes its rows, and returns its exit code.
/// </summary>
internal static class MeasuredRun
{
    /// <summary>Exit code when the program cannot be found (as POSIX shells answer).</summary>
    public const int CommandNotFound = 127;
    /// <summary>Exit code when the program exists but cannot be started.</summary>
    public const int CommandNotStartable = 126;

    /// <summary>How often the budget is checked and the interval clock looked at while the command runs.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static int Execute(CliContext context, RunSettings settings)
    {
        var options = OptionsLoader.LoadFromProcess();
        if (settings.OutputDirectory is { } folder)
            options.OutputDirectory = folder;
        options.ProjectName ??= "carbonattrs run";
        var processes = CommandProcesses.ForThisSystem();
        // The budget is the command's, applied by the guard below; the runtime measuring it must not act on it as well.
        var budget = RunBudget.FromOptions(options);
        options.BudgetKgCO2e = null;
        var runtime = StartRuntime(options, processes, context);
        if (budget is not null && runtime is null)
        {
            context.Error.WriteLine($"warning: {RunBudget.KilogramsVariable} is set but nothing is measured, so the budget is not applied.");
            budget = null;
        }

        using var signals = new SignalForwarder();
        var rows = runtime is null ? null : new RunRows(runtime, settings);
        Process? command;
        try
        {
            rows?.Begin();
            command = Start(settings.Command, rows?.RunId, context);
        }
        catch
        {
            runtime?.Dispose();
            throw;
        }
        if (command is null)
        {
            runtime?.Dispose();
            return File.Exists(settings.Command[0]) ? CommandNotStartable : CommandNotFound;
        }

        using (command)
        {
            signals.Attach(command.Id);
            processes.Attach(command);
            var guard = budget is null ? null : new BudgetGuard(budget, command, processes, settings.StopGrace, context.Error);
            while (!command.WaitForExit(rows?.UntilNextInterval(Tick) ?? Tick))
            {
                rows?.WriteDueIntervals();
                if (guard is not null && rows is not null)
                    guard.Check(rows.SpentKg());
            }
            command.WaitForExit();
            guard?.KillWhatIsLeft();
            var exitCode = command.ExitCode;
            if (rows is not null)
            {
                rows.End(exitCode, guard, signals.Received);
                runtime!.Dispose(); // flushes the rows to the file
                context.Error.WriteLine(rows.Summary(exitCode));
            }
            SayWhatIsStillRunning(context, processes);
            return exitCode;
        }
    }

    private static TrackerRuntime? StartRuntime(CarbonAttrsOptions options, CommandProcesses processes, CliContext context)
    {
        if (options.Disabled)
            return null;
        try { return TrackerRuntime.StartFor(options, processes); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"warning: measurement could not start ({ex.GetType().Name}: {ex.Message}); the command runs unmeasured.");
            return null;
        }
    }

    private static Process? Start(IReadOnlyList<string> command, Guid? runId, CliContext context)
    {
        // Nothing is redirected: the command reads and writes the terminal (or whatever carbonattrs was given).
        var startInfo = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
            startInfo.ArgumentList.Add(argument);
        // A command that is itself measured with CarbonAttrs nests its rows in ours: this row already holds its joules.
        if (runId is { } id)
            startInfo.Environment[RunContext.ParentRunIdVariable] = id.ToString();
        try
        {
            return Process.Start(startInfo);
        }
        catch (Win32Exception ex)
        {
            context.Error.WriteLine($"error: cannot start '{command[0]}': {ex.Message}. Check the program name and PATH (a shell command needs: -- sh -c '...').");
            return null;
        }
    }

    private static void SayWhatIsStillRunning(CliContext context, CommandProcesses processes)
    {
        var left = processes.RunningNow().Count;
        if (left > 0)
            context.Error.WriteLine($"carbonattrs: {left} process(es) the command started are still running; they were measured until the command ended, not after.");
    }
}
