using System.Diagnostics;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// Applies a <see cref="RunBudget"/> while the command runs: once its emissions pass the budget, <c>warn</c> says so
/// once; <c>stop</c> sends every process of the command SIGTERM, and SIGKILL to those left after the grace period.
/// </summary>
internal sealed class BudgetGuard
{
    private readonly RunBudget _budget;
    private readonly CommandProcesses _processes;
    private readonly Process _command;
    private readonly TimeSpan _grace;
    private readonly TextWriter _error;
    private long _stopRequestedAt;
    private bool _killed;

    public BudgetGuard(RunBudget budget, Process command, CommandProcesses processes, TimeSpan grace, TextWriter error)
    {
        _budget = budget;
        _command = command;
        _processes = processes;
        _grace = grace;
        _error = error;
    }

    public RunBudget Budget => _budget;

    /// <summary>True once the budget was spent (whatever the action).</summary>
    public bool Exceeded { get; private set; }

    /// <summary>True once the command was told to stop because the budget was spent.</summary>
    public bool Stopped => _stopRequestedAt != 0;

    /// <summary>Checks the emissions so far; called at every tick of the wait.</summary>
    public void Check(double spentKg)
    {
        if (!Exceeded && spentKg > _budget.Kilograms)
        {
            Exceeded = true;
            if (_budget.Action == BudgetAction.Stop)
            {
                _error.WriteLine($"carbonattrs: the run has spent {Units.Co2(spentKg)}, over its carbon budget of {Units.Co2(_budget.Kilograms)} ({RunBudget.KilogramsVariable}); " +
                    $"stopping the command (SIGTERM, then SIGKILL after {Units.Duration(_grace.TotalSeconds)}).");
                _stopRequestedAt = Stopwatch.GetTimestamp();
                Signal(PosixNative.SigTerm);
            }
            else
            {
                _error.WriteLine($"warning: the run has spent {Units.Co2(spentKg)}, over its carbon budget of {Units.Co2(_budget.Kilograms)} ({RunBudget.KilogramsVariable}); " +
                    $"it goes on ({RunBudget.ActionVariable}=stop would end it).");
            }
        }
        if (Stopped && !_killed && Stopwatch.GetElapsedTime(_stopRequestedAt) >= _grace)
            KillWhatIsLeft();
    }

    /// <summary>After a stop, the command's processes still running when it ended get SIGKILL: the budget is spent.</summary>
    public void KillWhatIsLeft()
    {
        if (!Stopped)
            return;
        _killed = true;
        Signal(PosixNative.SigKill);
    }

    private void Signal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            // No signals there: the process tree is ended at once.
            try { _command.Kill(entireProcessTree: true); }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            return;
        }
        foreach (var pid in _processes.RunningNow())
            PosixNative.Send(pid, signal);
    }
}
