using System.Diagnostics;

namespace CarbonAttrs.Energy;

/// <summary>
/// This process's share of the CPU time the machine used since the previous call: Δ process CPU
/// seconds ÷ Δ busy CPU seconds of all processes (<c>/proc/stat</c>). Where <c>/proc/stat</c> cannot
/// be read, the share is of the capacity instead (Δ process CPU ÷ (Δ wall × logical CPUs)).
/// </summary>
internal sealed class CpuTimeShare
{
    private readonly Func<double> _processCpuSeconds;
    private readonly Func<double?> _machineBusyCpuSeconds;
    private readonly int _logicalCpus;
    private readonly Func<double> _wallSeconds;
    private double _lastProcess;
    private double? _lastMachine;
    private double _lastWall;

    // wallSeconds: monotonic wall-clock seconds (a Stopwatch unless a test scripts it).
    public CpuTimeShare(Func<double> processCpuSeconds, Func<double?> machineBusyCpuSeconds, int logicalCpus, Func<double>? wallSeconds = null)
    {
        if (wallSeconds is null)
        {
            var clock = Stopwatch.StartNew();
            wallSeconds = () => clock.Elapsed.TotalSeconds;
        }
        _wallSeconds = wallSeconds;
        _lastWall = wallSeconds();
        _processCpuSeconds = processCpuSeconds;
        _machineBusyCpuSeconds = machineBusyCpuSeconds;
        _logicalCpus = Math.Max(1, logicalCpus);
        _lastProcess = processCpuSeconds();
        _lastMachine = machineBusyCpuSeconds();
    }

    public double NextShare()
    {
        var process = _processCpuSeconds();
        var machine = _machineBusyCpuSeconds();
        var wall = _wallSeconds();
        var processDelta = Math.Max(0, process - _lastProcess);
        double share;
        if (machine is { } m && _lastMachine is { } lm && m - lm > 0)
            share = processDelta / (m - lm);
        else
            share = wall > _lastWall ? processDelta / ((wall - _lastWall) * _logicalCpus) : 0;
        _lastProcess = process;
        _lastMachine = machine;
        _lastWall = wall;
        return Math.Min(1, share);
    }
}
