using System.Diagnostics;
using System.Globalization;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// CPU time of CarbonAttrs' background threads per second of wall time, in an otherwise idle process with
/// default settings: the energy sampler at its default period (or `sampler SECONDS PERIOD_MS`), and the ledger writer. Reads each thread's
/// on-CPU nanoseconds from /proc/self/task/TID/schedstat (Linux).
/// </summary>
internal static class SamplerCost
{
    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-sampler-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var periodMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : (int?)null;
            CarbonTracker.Configure(o =>
            {
                o.OutputDirectory = folder;
                if (periodMs is { } ms)
                    o.SampleInterval = TimeSpan.FromMilliseconds(ms); // else the default period
            });
            var runtime = TrackerRuntime.CurrentOrNull()!;
            Thread.Sleep(500); // let start-up work (first samples, JIT) pass before the clock starts
            // Baseline: a thread that wakes at the same period and does nothing (the floor any periodic sampler pays).
            using var stop = new ManualResetEventSlim();
            var period = runtime.Sampler!.Period;
            var idle = new Thread(() => { while (!stop.Wait(period)) { } }) { IsBackground = true, Name = "baseline waker" };
            idle.Start();
            var threads = new[] { ("energy sampler", "CarbonAttrs ene"), ("ledger writer", "CarbonAttrs led"), ("baseline: idle thread waking every period", "baseline waker") };
            var before = threads.Select(t => ThreadCpuNanoseconds(t.Item2)).ToArray();
            var wall = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            wall.Stop();
            var after = threads.Select(t => ThreadCpuNanoseconds(t.Item2)).ToArray();
            stop.Set();

            Console.WriteLine($"sampler period {runtime.Sampler!.Period.TotalMilliseconds} ms, sources: {string.Join(", ", runtime.Sampler.Sources.Select(s => s.Source))}");
            for (var i = 0; i < threads.Length; i++)
            {
                if (before[i] is not { } b || after[i] is not { } a)
                {
                    Console.WriteLine($"{threads[i].Item1}: thread not found");
                    continue;
                }
                var share = (a - b) / (wall.Elapsed.TotalSeconds * 1e9);
                Console.WriteLine(FormattableString.Invariant(
                    $"{threads[i].Item1}: {(a - b) / 1e6:F2} ms CPU in {wall.Elapsed.TotalSeconds:F1} s wall = {share * 100:F4} % of one core"));
            }
            return 0;
        }
        finally
        {
            CarbonTracker.Configure(o => o.Disabled = true);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>On-CPU time of the thread whose name starts with <paramref name="comm"/> (Linux keeps 15 characters).</summary>
    private static long? ThreadCpuNanoseconds(string comm)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != comm)
                    continue;
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                return long.Parse(fields[0], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended while we looked
            }
        }
        return null;
    }
}
