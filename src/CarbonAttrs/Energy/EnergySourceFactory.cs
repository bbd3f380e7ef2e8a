using CarbonAttrs.Energy.Estimates;

namespace CarbonAttrs.Energy;

/// <summary>
/// Chooses the energy sources for this process: measured probes where they can be read, honest
/// estimates where they cannot. Each fallback is said once and recorded in the source column.
/// </summary>
internal static class EnergySourceFactory
{
    public static IReadOnlyList<IEnergySource> Create(CarbonAttrsOptions options, HardwareInfo hardware)
    {
        var sources = new List<IEnergySource>();
        var wattsPerThread = CpuTimeEstimateSource.DefaultWattsPerThread;
        sources.Add(new CpuTimeEstimateSource(wattsPerThread, ProcessCpuTime.TotalSeconds));

        Func<double> ramGb = options.TrackingMode == TrackingMode.Machine
            ? () => hardware.RamTotalGb
            : () => System.Diagnostics.Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0 * 1024.0);
        sources.Add(new RamSizeEstimateSource(ramGb));
        return sources;
    }
}
