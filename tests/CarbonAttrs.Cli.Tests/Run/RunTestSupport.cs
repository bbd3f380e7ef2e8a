using System.Globalization;
using CarbonAttrs.Cli.Running;
using CarbonAttrs.Energy;
using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Tests.Run;

/// <summary>What the run tests read back: ledger rows, CPU seconds from energy, and a shell's own /proc record.</summary>
internal static class RunTestSupport
{
    private const double JoulesPerKwh = 3.6e6;

    /// <summary>A busy loop in a shell of its own that <c>timeout</c> ends after <paramref name="seconds"/>.</summary>
    public static string Busy(double seconds) => $"timeout {seconds.ToString(CultureInfo.InvariantCulture)} sh -c \"while :; do :; done\"";

    public static IReadOnlyList<LedgerRow> Rows(string folder)
    {
        var set = Ledgers.LedgerSet.Load(new[] { Path.Combine(folder, "emissions.csv") });
        Assert.Empty(set.Problems);
        return set.Rows;
    }

    /// <summary>
    /// The CPU seconds behind a row's estimated CPU energy: the estimate is CPU seconds × watts per thread, and the
    /// watts are the ones the runtime derives for this machine's CPU model.
    /// </summary>
    public static double CpuSeconds(LedgerRow row)
    {
        Assert.StartsWith("estimated:", row.CpuSource);
        var wattsPerThread = EnergySourceFactory.CpuEstimate(HardwareInfo.Detect(), machine: false, "/proc", "/proc/stat").WattsPerThread;
        return row.CpuKwh * JoulesPerKwh / wattsPerThread;
    }

    /// <summary>CPU seconds a shell and everything it waited for used, from the copy of /proc/PID/stat it wrote.</summary>
    public static double ShellTreeCpuSeconds(string statFile)
    {
        var stat = ProcStat.Parse(File.ReadAllText(statFile)) ?? throw new InvalidDataException(statFile + " is not a /proc stat line");
        return (stat.OwnTicks + stat.ChildTicks) / PosixNative.ClockTicksPerSecond();
    }

    public static string Hyperparameter(LedgerRow row, string name)
        => row.Hyperparameters.FirstOrDefault(p => p.Key == name).Value ?? throw new KeyNotFoundException($"no {name} in {row.HyperparametersJson}");

    public static Dictionary<string, string> Environment(params (string Key, string Value)[] settings)
        => settings.ToDictionary(s => s.Key, s => s.Value);
}
