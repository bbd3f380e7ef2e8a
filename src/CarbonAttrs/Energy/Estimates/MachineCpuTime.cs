using System.Globalization;

namespace CarbonAttrs.Energy.Estimates;

/// <summary>Busy CPU seconds of the whole machine since boot, from the first line of <c>/proc/stat</c>.</summary>
internal static class MachineCpuTime
{
    /// <summary>Clock ticks per second of <c>/proc/stat</c> (USER_HZ); 100 on every mainstream Linux build.</summary>
    private const double UserHz = 100.0;

    /// <summary>user + nice + system + irq + softirq + steal, in seconds; null when the file cannot be read.</summary>
    public static double? BusySeconds(string procStatPath = "/proc/stat")
    {
        try
        {
            using var reader = new StreamReader(procStatPath);
            return ParseBusySeconds(reader.ReadLine());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    internal static double? ParseBusySeconds(string? firstLine)
    {
        if (firstLine is null || !firstLine.StartsWith("cpu ", StringComparison.Ordinal))
            return null;
        var fields = firstLine.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
        int[] busy = { 1, 2, 3, 6, 7, 8 };
        double ticks = 0;
        foreach (var index in busy)
        {
            if (index < fields.Length && ulong.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                ticks += value;
        }
        return ticks / UserHz;
    }
}
