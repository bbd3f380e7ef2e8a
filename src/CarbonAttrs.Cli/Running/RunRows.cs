using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Energy;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// The rows of one <c>carbonattrs run</c>: with <c>--interval</c>, one per interval while the command runs, each
/// nested in the final row (<c>parent_run_id</c>), so that a report counts the final row and a ledger whose final
/// row never came (carbonattrs itself was killed) still holds the history; then the final row. Every edge is a
/// direct read of the counters (<see cref="EnergySampler.SampleNow"/>), so the intervals add up to the final row.
/// </summary>
internal sealed class RunRows
{
    private readonly TrackerRuntime _runtime;
    private readonly EnergySampler _sampler;
    private readonly RunSettings _settings;
    private readonly string _name;
    private readonly string _commandLine;
    private readonly Guid _runId = RunIds.Next();
    private readonly long _intervalTicks;
    private DateTimeOffset _startedAt;
    private long _startTimestamp;
    private EnergySnapshot _start = EnergySnapshot.Empty;
    private long _intervalStartTimestamp;
    private EnergySnapshot _intervalStart = EnergySnapshot.Empty;
    private int _intervals;
    private CarbonMeasurement? _final;

    public RunRows(TrackerRuntime runtime, RunSettings settings)
    {
        _runtime = runtime;
        _sampler = runtime.Sampler ?? throw new InvalidOperationException("the runtime has no sampler");
        _settings = settings;
        _name = settings.Name ?? CommandLineText.ShortName(settings.Command);
        _commandLine = CommandLineText.Join(settings.Command);
        _intervalTicks = settings.Interval is { } interval ? (long)(interval.TotalSeconds * Stopwatch.Frequency) : 0;
    }

    /// <summary>The final row's <c>run_id</c> (the interval rows' parent), known before the command starts.</summary>
    public Guid RunId => _runId;

    /// <summary>Marks the start: called just before the command is started.</summary>
    public void Begin()
    {
        _start = _intervalStart = _sampler.SampleNow();
        _startedAt = DateTimeOffset.UtcNow;
        _startTimestamp = _intervalStartTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>How long to wait for the command before the next interval row is due (at most <paramref name="tick"/>).</summary>
    public TimeSpan UntilNextInterval(TimeSpan tick)
    {
        if (_intervalTicks <= 0)
            return tick;
        var left = TimeSpan.FromSeconds((_intervalStartTimestamp + _intervalTicks - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left < tick ? left : tick;
    }

    /// <summary>Writes the interval row that is due, if any, and flushes it to the file.</summary>
    public void WriteDueIntervals()
    {
        if (_intervalTicks > 0 && Stopwatch.GetTimestamp() - _intervalStartTimestamp >= _intervalTicks)
        {
            _ = WriteInterval();
            _runtime.Ledger.Flush();
        }
    }

    /// <summary>Emissions since the start, from the sampler's newest reading (no counter read).</summary>
    public double SpentKg() => EmissionsKg(_start.Total.Until(_sampler.Latest.Total));

    /// <summary>Writes the last (partial) interval and the final row.</summary>
    public void End(int exitCode, BudgetGuard? budget, string? signal)
    {
        // The last interval's end is the final row's: the intervals add up to it exactly.
        var (end, endTimestamp) = _intervalTicks > 0 ? WriteInterval() : (_sampler.SampleNow(), Stopwatch.GetTimestamp());
        var duration = TrackerRuntime.ElapsedTime(endTimestamp - _startTimestamp);
        var hyperparameters = new List<Hyperparameter> { new("command", _commandLine), new("exit_code", exitCode) };
        var status = exitCode == 0 ? WindowStatus.Ok : WindowStatus.Failed;
        if (budget is { Stopped: true })
        {
            status = WindowStatus.Cancelled;
            hyperparameters.Add(new("stopped_by", "carbon budget"));
        }
        if (budget is { Exceeded: true })
            hyperparameters.Add(new("budget_kg", budget.Budget.Kilograms));
        if (signal is not null)
            hyperparameters.Add(new("signal", signal));
        if (_intervals > 0)
            hyperparameters.Add(new("intervals", _intervals));
        _final = _runtime.Build(_runId, null, _name, _settings.Experiment, _startedAt, duration, status, 1,
            _start.Total.Until(end.Total), interpolated: false, hyperparameters, result: null);
        _runtime.Complete(_final);
    }

    /// <summary>One line for stderr once the final row is written.</summary>
    public string Summary(int exitCode)
    {
        var m = _final ?? throw new InvalidOperationException("End was not called");
        var parts = new List<string>();
        foreach (var (label, joules, source) in new[] { ("CPU", m.CpuJoules, m.CpuSource), ("GPU", m.GpuJoules, m.GpuSource), ("RAM", m.RamJoules, m.RamSource) })
        {
            if (source != "none")
                parts.Add($"{label} {Joules(joules)} {source}");
        }
        var where = _runtime.Ledger.CurrentPath is { } path ? $" -> {path}" : "";
        return $"carbonattrs: '{m.Name}' exited with {exitCode} after {Units.Duration(m.Duration.TotalSeconds)}: " +
            $"{Units.Energy(m.EnergyKwh)}, {Units.Co2(m.EmissionsKg)} ({string.Join(", ", parts)}; {_runtime.Options.TrackingMode.ToString().ToLowerInvariant()} mode){where}";
    }

    private (EnergySnapshot End, long EndTimestamp) WriteInterval()
    {
        var now = _sampler.SampleNow();
        var timestamp = Stopwatch.GetTimestamp();
        _intervals++;
        var startedAt = _startedAt + TrackerRuntime.ElapsedTime(_intervalStartTimestamp - _startTimestamp);
        var row = _runtime.Build(RunIds.Next(), _runId, _name + " (interval)", _settings.Experiment, startedAt,
            TrackerRuntime.ElapsedTime(timestamp - _intervalStartTimestamp), WindowStatus.Ok, 1, _intervalStart.Total.Until(now.Total),
            interpolated: false, new[] { new Hyperparameter("command", _commandLine), new Hyperparameter("interval", _intervals) }, result: null);
        _runtime.Complete(row);
        _intervalStart = now;
        _intervalStartTimestamp = timestamp;
        return (now, timestamp);
    }

    private double EmissionsKg(EnergyReading energy)
        => CarbonMeasurement.EmissionsKgOf(CarbonMeasurement.GridKwh(energy.CpuJoules + energy.GpuJoules + energy.RamJoules, _runtime.Options.Pue), _runtime.Intensity);

    private static string Joules(double joules) => joules.ToString(joules >= 100 ? "F0" : "0.##", CultureInfo.InvariantCulture) + " J";
}
