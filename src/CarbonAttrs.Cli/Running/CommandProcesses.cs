using System.Diagnostics;
using CarbonAttrs.Energy;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// The processes of the command <c>carbonattrs run</c> started: what the runtime bills in <c>process</c> mode
/// and what a budget stop signals. Linux follows the whole process tree through <c>/proc</c>
/// (<see cref="LinuxProcessTree"/>); elsewhere only the command's own process is seen (<see cref="SingleProcess"/>).
/// </summary>
internal abstract class CommandProcesses : IBilledProcesses
{
    /// <summary>The implementation for this operating system, created before the command starts.</summary>
    public static CommandProcesses ForThisSystem()
        => OperatingSystem.IsLinux() && File.Exists("/proc/self/stat") ? new LinuxProcessTree() : new SingleProcess();

    /// <summary>True when the children and grandchildren of the command are measured too.</summary>
    public abstract bool FollowsChildren { get; }

    /// <summary>Called once the command's process has started.</summary>
    public abstract void Attach(Process command);

    /// <summary>Ids of the command's processes running now (the command first, then its descendants).</summary>
    public abstract IReadOnlyList<int> RunningNow();

    public abstract double CpuSeconds();
    public abstract double ResidentGb();
    public abstract bool Includes(uint processId);

    /// <summary>Windows and macOS: the command's own process, through <see cref="Process"/> (its children are not seen).</summary>
    private sealed class SingleProcess : CommandProcesses
    {
        private const double BytesPerGb = 1024.0 * 1024.0 * 1024.0;
        private readonly object _gate = new();
        private Process? _command;
        private double _lastCpuSeconds;
        private double _lastResidentGb;

        public override bool FollowsChildren => false;

        public override void Attach(Process command)
        {
            lock (_gate)
                _command = command;
        }

        public override IReadOnlyList<int> RunningNow()
        {
            lock (_gate)
                return _command is { HasExited: false } c ? new[] { c.Id } : Array.Empty<int>();
        }

        public override double CpuSeconds()
        {
            lock (_gate)
            {
                // After the process exits its times can no longer be read on macOS: the last value stands.
                try { if (_command is { } c) _lastCpuSeconds = Math.Max(_lastCpuSeconds, c.TotalProcessorTime.TotalSeconds); }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { }
                return _lastCpuSeconds;
            }
        }

        public override double ResidentGb()
        {
            lock (_gate)
            {
                try
                {
                    if (_command is { HasExited: false } c)
                    {
                        c.Refresh();
                        _lastResidentGb = c.WorkingSet64 / BytesPerGb;
                    }
                    else
                    {
                        _lastResidentGb = 0;
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { }
                return _lastResidentGb;
            }
        }

        public override bool Includes(uint processId)
        {
            lock (_gate)
                return _command is { } c && (uint)c.Id == processId;
        }
    }
}
