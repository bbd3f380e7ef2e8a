using System.Diagnostics;

namespace CarbonAttrs.Energy;

/// <summary>CPU time used by this process so far (user + system), read by the sampler.</summary>
internal static class ProcessCpuTime
{
    private static readonly Process Current = Process.GetCurrentProcess();
    private static readonly object Gate = new();

    public static double TotalSeconds()
    {
        lock (Gate)
        {
            Current.Refresh();
            return Current.TotalProcessorTime.TotalSeconds;
        }
    }
}
