using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy.Estimates;
using CarbonAttrs.Energy.Nvml;
using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Energy;

/// <summary>
/// Chooses the energy sources for this process: measured probes where they can be read (RAPL for CPU
/// and RAM, NVML for GPUs), honest estimates where they cannot. Each fallback is said once and
/// recorded in the source column (<c>measured:*</c> / <c>estimated:*</c>).
/// </summary>
internal static class EnergySourceFactory
{
    public static IReadOnlyList<IEnergySource> Create(CarbonAttrsOptions options, HardwareInfo hardware)
        => Create(options, hardware, "/proc", Environment.GetEnvironmentVariable);

    /// <summary>The sources for a runtime that bills <paramref name="billed"/> in process mode (this process by default).</summary>
    public static IReadOnlyList<IEnergySource> Create(CarbonAttrsOptions options, HardwareInfo hardware, IBilledProcesses billed)
        => Create(options, hardware, "/proc", Environment.GetEnvironmentVariable, billed);

    internal static IReadOnlyList<IEnergySource> Create(CarbonAttrsOptions options, HardwareInfo hardware, string procRoot,
        Func<string, string?> getEnvironmentVariable, IBilledProcesses? billed = null)
    {
        billed ??= CurrentProcessBilling.Instance;
        var machine = options.TrackingMode == TrackingMode.Machine;
        var procStat = Path.Combine(procRoot, "stat");
        var sources = new List<IEnergySource>();

        var (raplCpu, raplRam) = RaplProbe.Open(options.PowercapRoot);
        sources.Add(raplCpu is null
            ? CpuEstimate(hardware, machine, procRoot, procStat, billed)
            : machine ? raplCpu : new AttributedEnergySource(raplCpu,
                new CpuTimeShare(billed.CpuSeconds, () => MachineCpuTime.BusySeconds(procStat), hardware.LogicalCpuCount).NextShare));

        try { sources.AddRange(NvmlProbe.Open(options, hardware, getEnvironmentVariable, billed)); }
        catch (Exception ex)
        {
            TrackerLog.Warn("nvml-open", $"opening NVML failed ({ex.GetType().Name}: {ex.Message}); GPU energy is not measured.");
        }

        if (raplRam is not null)
            sources.Add(machine ? raplRam : new AttributedEnergySource(raplRam, () => ProcessMemoryShare(hardware, billed)));
        else
            sources.Add(new RamSizeEstimateSource(machine ? () => hardware.RamTotalGb : billed.ResidentGb));
        return sources;
    }

    /// <summary>
    /// CPU seconds × watts per hardware thread: the model's TDP × sockets ÷ logical CPUs when the model is in
    /// the table (<c>estimated:tdp</c>), else <see cref="CpuTimeEstimateSource.DefaultWattsPerThread"/>
    /// (<c>estimated:cpu-time</c>). CPU seconds are the billed processes' (this process by default), or the whole
    /// machine's busy time.
    /// </summary>
    internal static CpuTimeEstimateSource CpuEstimate(HardwareInfo hardware, bool machine, string procRoot, string procStat,
        IBilledProcesses? billed = null)
    {
        var wattsPerThread = CpuTimeEstimateSource.DefaultWattsPerThread;
        var label = "estimated:cpu-time";
        if (CpuTdpTable.TryFind(hardware.CpuModel, out var tdp, out var matched))
        {
            var sockets = CpuInfo.SocketCount(Path.Combine(procRoot, "cpuinfo"));
            wattsPerThread = tdp * sockets / Math.Max(1, hardware.LogicalCpuCount);
            label = "estimated:tdp";
            TrackerLog.Debug("cpu-tdp", $"CPU '{hardware.CpuModel}' matched '{matched}' ({tdp} W TDP × {sockets} socket(s) over {hardware.LogicalCpuCount} threads).");
        }
        else
        {
            TrackerLog.Debug("cpu-tdp", $"CPU '{hardware.CpuModel}' is not in the TDP table; {wattsPerThread} W per busy thread is assumed.");
        }

        Func<double> busySeconds = (billed ?? CurrentProcessBilling.Instance).CpuSeconds;
        if (machine)
        {
            if (MachineCpuTime.BusySeconds(procStat) is not null)
                busySeconds = () => MachineCpuTime.BusySeconds(procStat) ?? 0;
            else
                TrackerLog.Debug("proc-stat", $"{procStat} cannot be read; the machine-mode CPU estimate uses this process's CPU time.");
        }
        return new CpuTimeEstimateSource(wattsPerThread, busySeconds, label);
    }

    private static double ProcessMemoryShare(HardwareInfo hardware, IBilledProcesses billed)
        => hardware.RamTotalGb > 0 ? billed.ResidentGb() / hardware.RamTotalGb : 0;
}
