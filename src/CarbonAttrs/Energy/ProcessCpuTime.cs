using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Energy;

/// <summary>
/// CPU time used by this process so far (user + system), read by the sampler at every period. On Linux
/// one <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c> call (about a microsecond); elsewhere
/// <see cref="Process.TotalProcessorTime"/>, which re-reads the whole process record on each refresh.
/// </summary>
internal static partial class ProcessCpuTime
{
    private const int ClockProcessCpuTimeId = 2; // Linux
    private static readonly Process Current = Process.GetCurrentProcess();
    private static readonly object Gate = new();
    private static int _useClock = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? 1 : 0;

    public static double TotalSeconds()
    {
        if (Volatile.Read(ref _useClock) == 1)
        {
            try
            {
                if (clock_gettime(ClockProcessCpuTimeId, out var time) == 0)
                    return time.Seconds + time.Nanoseconds / 1e9;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // An unusual libc: fall back to the portable way for the rest of the process.
            }
            Volatile.Write(ref _useClock, 0);
        }
        lock (Gate)
        {
            Current.Refresh();
            return Current.TotalProcessorTime.TotalSeconds;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;      // time_t: 64-bit on the 64-bit Linux targets .NET supports
        public long Nanoseconds;
    }

#if NET8_0_OR_GREATER
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
#else
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#endif
}
