using System.Globalization;

namespace CarbonAttrs.Energy;

/// <summary>
/// Memory in use for the <c>ram_used_gb</c> and <c>ram_utilization_percent</c> columns, read by the sampler once per
/// period (never by a tracked call). Process mode: this process's resident memory; machine mode: what the machine uses,
/// as CodeCarbon reports it (total minus available, from <c>/proc/meminfo</c>).
/// </summary>
internal static class MemoryInUse
{
    private const double BytesPerGb = 1024.0 * 1024.0 * 1024.0;

    public static Func<double> For(TrackingMode mode, string procRoot = "/proc")
        => mode == TrackingMode.Machine ? () => MachineUsedGb(Path.Combine(procRoot, "meminfo")) : ProcessMemory.ResidentGb;

    /// <summary>MemTotal − MemAvailable in GiB; elsewhere than Linux the GC's view of the machine's memory load; NaN when unknown.</summary>
    internal static double MachineUsedGb(string meminfoPath)
    {
        try
        {
            if (File.Exists(meminfoPath))
            {
                long? total = null, available = null;
                foreach (var line in File.ReadLines(meminfoPath))
                {
                    if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kib(line);
                    else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kib(line);
                    if (total is not null && available is not null)
                        return Math.Max(0, total.Value - available.Value) / (1024.0 * 1024.0);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
#if NET8_0_OR_GREATER
        return GC.GetGCMemoryInfo().MemoryLoadBytes / BytesPerGb;
#else
        return double.NaN;
#endif
    }

    private static long? Kib(string line)
    {
        var parts = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
    }
}
