using System.Runtime.InteropServices;

namespace CarbonAttrs.Cli.Running;

/// <summary>The few libc calls <c>carbonattrs run</c> needs that .NET does not expose (Linux and macOS).</summary>
internal static partial class PosixNative
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int PrSetChildSubreaper = 36; // Linux <sys/prctl.h>
    private const int ScClockTicks = 2;         // Linux _SC_CLK_TCK
    private const int WNoHang = 1;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when it is gone or not ours.</summary>
    public static bool Send(int processId, int signal)
    {
        try { return kill(processId, signal) == 0; }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>
    /// Linux: makes this process the reaper of orphans among its descendants, so a command's grandchildren whose
    /// parent exits stay in the tree (and their CPU time reaches this process when it reaps them). False elsewhere.
    /// </summary>
    public static bool BecomeChildSubreaper()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try { return prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0; }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Reaps <paramref name="processId"/> if it is an exited child of this process (never blocks).</summary>
    public static void ReapIfExited(int processId)
    {
        try { _ = waitpid(processId, out _, WNoHang); }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>Clock ticks per second of <c>/proc/*/stat</c> times (USER_HZ): 100 on mainstream kernels.</summary>
    public static double ClockTicksPerSecond()
    {
        try
        {
            var ticks = sysconf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return 100; }
    }

    /// <summary>
    /// True when this process is in the foreground process group of its controlling terminal: a Ctrl+C typed there
    /// was then delivered to the whole group, the command included, and must not be sent to it a second time.
    /// </summary>
    public static bool IsInTerminalForeground()
    {
        try
        {
            var fd = open("/dev/tty", OReadOnly | ONoControllingTerminal);
            if (fd < 0)
                return false; // no controlling terminal
            try { return tcgetpgrp(fd) is var group && group > 0 && group == getpgrp(); }
            finally { _ = close(fd); }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    private const int OReadOnly = 0;
    private static int ONoControllingTerminal => OperatingSystem.IsMacOS() ? 0x20000 : 0x100;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long sysconf(int name);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetpgrp")]
    private static partial int tcgetpgrp(int fd);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    private static partial int getpgrp();
}
