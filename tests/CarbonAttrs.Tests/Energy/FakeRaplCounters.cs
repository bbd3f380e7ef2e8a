using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// Counters that advance at known powers, the way the kernel's do: energy_uj holds the energy since
/// the counter started, modulo the zone's max_energy_range_uj. Each energy_uj is a named pipe served
/// by a background thread that computes the value at the moment it is read, so (like sysfs, unlike a
/// file rewritten in a loop) a read is never stale when the busy test machine delays a thread.
/// </summary>
internal sealed class FakeRaplCounters : IDisposable
{
    private readonly (string Pipe, double Watts, ulong Range)[] _zones;
    private readonly Thread[] _threads;
    private volatile bool _stop;

    public FakeRaplCounters(params (string Directory, double Watts, ulong Range)[] zones)
    {
        _zones = zones.Select(z => (Path.Combine(z.Directory, "energy_uj"), z.Watts, z.Range)).ToArray();
        foreach (var (pipe, _, _) in _zones)
        {
            File.Delete(pipe);
            if (mkfifo(pipe, 0x1B6 /* 0666 */) != 0)
                throw new IOException($"mkfifo {pipe} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        _threads = _zones.Select((zone, i) => new Thread(() => Serve(zone)) { IsBackground = true, Name = "fake RAPL counter " + i }).ToArray();
        foreach (var thread in _threads)
            thread.Start();
    }

    /// <summary>Stopwatch timestamp of the counters' time zero: energy at t is watts × (t − Origin).</summary>
    public long Origin { get; } = Stopwatch.GetTimestamp();

    private void Serve((string Pipe, double Watts, ulong Range) zone)
    {
        while (!_stop)
        {
            // Opening for writing waits until a reader opens the pipe; the value is computed after that.
            var fd = open(zone.Pipe, OWriteOnly);
            if (fd < 0)
                return;
            var seconds = (Stopwatch.GetTimestamp() - Origin) / (double)Stopwatch.Frequency;
            var value = (ulong)(zone.Watts * seconds * 1e6) % zone.Range;
            var bytes = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture) + "\n");
            write(fd, bytes, bytes.Length);
            close(fd);
            // Wait for that reader to see end-of-file and leave, so it never reads a second value:
            // a non-blocking open for writing fails (ENXIO) once no reader has the pipe open.
            while (!_stop)
            {
                var probe = open(zone.Pipe, OWriteOnly | ONonBlock);
                if (probe < 0)
                    break;
                close(probe);
                Thread.Yield();
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        // A server blocked in open() waits for a reader: a non-blocking open for reading releases it at once.
        var readers = _zones.Select(z => open(z.Pipe, OReadOnly | ONonBlock)).ToArray();
        foreach (var thread in _threads)
            thread.Join(TimeSpan.FromSeconds(5));
        foreach (var fd in readers.Where(fd => fd >= 0))
            close(fd);
    }

    private const int OReadOnly = 0x0, OWriteOnly = 0x1, ONonBlock = 0x800; // Linux x86-64 and arm64

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
}
