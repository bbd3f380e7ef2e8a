using System.Globalization;

namespace CarbonAttrs.Energy;

/// <summary>
/// This process's resident memory, read by the sampler for the RAM estimate and the process share of
/// <c>dram</c>. On Linux the second field of <c>/proc/self/statm</c> (pages), a small read; elsewhere
/// <see cref="System.Diagnostics.Process.WorkingSet64"/>.
/// </summary>
internal static class ProcessMemory
{
    private const double BytesPerGb = 1024.0 * 1024.0 * 1024.0;
    private static bool _statmWorks = File.Exists("/proc/self/statm");

    public static double ResidentGb()
    {
        if (_statmWorks)
        {
            try
            {
                var fields = File.ReadAllText("/proc/self/statm").Split(' ');
                if (fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages))
                    return pages * (double)Environment.SystemPageSize / BytesPerGb;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            _statmWorks = false;
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 / BytesPerGb;
    }
}
