using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// `perrow-backlog [CALLS] [ROUNDS]`: per-row calls in a tight loop on one thread with the real writer (ledger
/// linked to /dev/null), showing what BenchmarkDotNet does not: how far the writer falls behind and what that
/// costs the calling thread in GC pauses. Per round: time per call on the calling thread (rows only enqueued)
/// and amortised up to the end of a Flush, bytes allocated per call, GC pause per call
/// (<see cref="GC.GetTotalPauseDuration"/>), and the writer's backlog (rows waiting, sampled every
/// millisecond). CPU time per call is also given, for the calling thread and for the whole process (writer,
/// sampler and GC included): on a machine shared with other work it varies far less than wall time. The first round is warm-up (JIT tiering). Baseline of the same run: one
/// <see cref="Stopwatch.GetTimestamp"/> per iteration of the same loop.
/// </summary>
internal static partial class PerRowBacklog
{
    public static int Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0]) : 400_000;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        using var ledger = new DevNullLedger();
        var pending = TrackerRuntime.CurrentOrNull()!.Ledger;
        using var backlog = new BacklogSampler(() => pending.PendingRows);

        Console.WriteLine("round | timestamp read | per row, calling thread | per row, amortised to Flush | ratio to timestamp | CPU per call: calling thread / whole process | allocated | GC pause | writer backlog avg / max");
        for (var round = 0; round <= rounds; round++)
        {
            var timestamp = TimestampLoop(calls);
            backlog.Reset();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var pauseBefore = GC.GetTotalPauseDuration();
            var (threadCpuBefore, processCpuBefore) = (CpuNanoseconds(ClockThreadCpuTime), CpuNanoseconds(ClockProcessCpuTime));
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
                Workload.PerRow(i);
            var caller = watch.Elapsed.TotalNanoseconds / calls;
            var threadCpu = (CpuNanoseconds(ClockThreadCpuTime) - threadCpuBefore) / calls;
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)calls;
            CarbonTracker.Flush();
            var amortised = watch.Elapsed.TotalNanoseconds / calls;
            var processCpu = (CpuNanoseconds(ClockProcessCpuTime) - processCpuBefore) / calls;
            var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalNanoseconds / calls;
            var (average, max) = backlog.Read();
            Console.WriteLine(FormattableString.Invariant(
                $"{(round == 0 ? "warm-up" : round.ToString())} | {timestamp:F1} ns | {caller:F0} ns | {amortised:F0} ns | {amortised / timestamp:F1} | {threadCpu:F0} / {processCpu:F0} ns | {allocated:F0} B | {pause:F0} ns | {average:F0} / {max} rows"));
        }
        return 0;
    }

    private const int ClockProcessCpuTime = 2, ClockThreadCpuTime = 3; // Linux clock ids

    private static double CpuNanoseconds(int clock)
        => clock_gettime(clock, out var time) == 0 ? time.Seconds * 1e9 + time.Nanoseconds : double.NaN;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    private static double TimestampLoop(int calls)
    {
        long sink = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
            sink += Stopwatch.GetTimestamp();
        GC.KeepAlive(sink);
        return watch.Elapsed.TotalNanoseconds / calls;
    }

    /// <summary>Samples a queue length every millisecond on its own thread.</summary>
    private sealed class BacklogSampler : IDisposable
    {
        private readonly Func<int> _read;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _sum, _samples;
        private int _max;

        public BacklogSampler(Func<int> read)
        {
            _read = read;
            _thread = new Thread(Loop) { IsBackground = true, Name = "backlog sampler" };
            _thread.Start();
        }

        public void Reset()
        {
            lock (this) { _sum = 0; _samples = 0; _max = 0; }
        }

        public (double Average, int Max) Read()
        {
            lock (this) return (_samples == 0 ? 0 : _sum / (double)_samples, _max);
        }

        private void Loop()
        {
            while (!_stop)
            {
                var rows = _read();
                lock (this) { _sum += rows; _samples++; _max = Math.Max(_max, rows); }
                Thread.Sleep(1);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
