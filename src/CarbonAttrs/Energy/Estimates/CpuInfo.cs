namespace CarbonAttrs.Energy.Estimates;

/// <summary>Facts from <c>/proc/cpuinfo</c> the estimates need beyond <see cref="HardwareInfo"/>.</summary>
internal static class CpuInfo
{
    /// <summary>Distinct <c>physical id</c> values (CPU sockets); 1 when the file says nothing.</summary>
    public static int SocketCount(string cpuinfoPath = "/proc/cpuinfo")
    {
        try
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(cpuinfoPath))
            {
                if (!line.StartsWith("physical id", StringComparison.Ordinal))
                    continue;
                var colon = line.IndexOf(':');
                if (colon > 0)
                    ids.Add(line.Substring(colon + 1).Trim());
            }
            return Math.Max(1, ids.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return 1;
        }
    }
}
