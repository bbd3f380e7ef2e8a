using System.Diagnostics;
using System.Globalization;

namespace CarbonAttrs.TorchSharp.Tests;

/// <summary>
/// One "rank" of the multi-process test, run in its own process: opens <c>windows</c> outer windows,
/// each with a nested one, all appended to the shared ledger set by <c>CARBONATTRS_OUTPUT_DIR</c>, then
/// prints what its outermost windows measured so the test can check the merged ledger against it.
/// With a barrier folder and a count (<c>rank-worker windows folder count</c>) it first waits until that many
/// workers have arrived, so the ranks' windows really run at the same time.
/// </summary>
internal static class RankWorker
{
    public const string Verb = "rank-worker";

    public static int Run(string[] args)
    {
        var windows = int.Parse(args[1], CultureInfo.InvariantCulture);
        if (args.Length >= 4)
            WaitForAll(args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        var outer = new List<CarbonMeasurement>();
        for (var i = 0; i < windows; i++)
        {
            using var window = CarbonTracker.Track("rank.step").Record("step", i);
            using (CarbonTracker.Track("rank.inner"))
                BurnCpu(TimeSpan.FromMilliseconds(3));
            BurnCpu(TimeSpan.FromMilliseconds(2));
            window.Dispose();
            outer.Add(window.Measurement ?? throw new InvalidOperationException("tracking is disabled in the worker"));
        }
        CarbonTracker.Flush();
        Console.WriteLine(string.Join(" ", "TOTALS",
            outer.Count.ToString(CultureInfo.InvariantCulture),
            outer.Sum(m => m.EnergyKwh).ToString("R", CultureInfo.InvariantCulture),
            outer.Sum(m => m.EmissionsKg).ToString("R", CultureInfo.InvariantCulture)));
        return 0;
    }

    private static void WaitForAll(string folder, int count)
    {
        File.WriteAllText(Path.Combine(folder, $"arrived-{Environment.ProcessId}"), "");
        var clock = Stopwatch.StartNew();
        while (Directory.GetFiles(folder, "arrived-*").Length < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"only {Directory.GetFiles(folder, "arrived-*").Length} of {count} rank workers arrived");
            Thread.Sleep(2);
        }
    }

    private static void BurnCpu(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var x = 0.0;
        while (clock.Elapsed < duration)
            x += Math.Sqrt(x + 1);
        GC.KeepAlive(x);
    }
}
