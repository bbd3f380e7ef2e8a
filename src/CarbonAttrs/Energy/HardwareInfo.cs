using System.Runtime.InteropServices;

namespace CarbonAttrs.Energy;

/// <summary>What the machine is, for the ledger's hardware columns and the estimates.</summary>
internal sealed class HardwareInfo
{
    public string CpuModel { get; init; } = "unknown";
    public int LogicalCpuCount { get; init; } = Environment.ProcessorCount;
    public double RamTotalGb { get; init; }
    public string Os { get; init; } = RuntimeInformation.OSDescription;
    public int GpuCount { get; set; }
    public string GpuModel { get; set; } = "";

    public static HardwareInfo Detect(string procRoot = "/proc") => new()
    {
        CpuModel = ReadCpuModel(Path.Combine(procRoot, "cpuinfo")) ?? "unknown",
        RamTotalGb = ReadMemTotalGb(Path.Combine(procRoot, "meminfo")) ?? FallbackRamGb(),
    };

    internal static string? ReadCpuModel(string cpuinfoPath)
    {
        try
        {
            if (!File.Exists(cpuinfoPath))
                return null;
            foreach (var line in File.ReadLines(cpuinfoPath))
            {
                // x86 says "model name", some ARM kernels say "Model" or "Hardware".
                if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                        return line.Substring(colon + 1).Trim();
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    internal static double? ReadMemTotalGb(string meminfoPath)
    {
        try
        {
            if (!File.Exists(meminfoPath))
                return null;
            foreach (var line in File.ReadLines(meminfoPath))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    continue;
                var parts = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], out var kib))
                    return kib / (1024.0 * 1024.0);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static double FallbackRamGb()
    {
#if NET8_0_OR_GREATER
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024.0 * 1024.0);
#else
        return 0;
#endif
    }
}
