// CarbonAttrs quick start: mark a method, call it, read emissions.csv.
using CarbonAttrs;

CarbonTracker.Measured += m =>
    Console.WriteLine($"  measured {m.Name,-32} {m.Duration.TotalSeconds,6:F2} s  {m.ItJoules,8:F2} J ({m.CpuSource})  {m.EmissionsKg * 1000,8:F5} g CO2eq");

Console.WriteLine("Estimating pi three times, with more samples each time:");
foreach (var samples in new[] { 2_000_000, 4_000_000, 8_000_000 })
    Console.WriteLine($"  pi ≈ {Workloads.EstimatePi(samples, seed: 42):F5} with {samples:N0} samples");

// Code that cannot take an attribute opens a window by hand; windows nest.
using (var window = CarbonTracker.Track("QuickStart.SortBatch"))
{
    var data = Workloads.RandomArray(2_000_000, seed: 7);
    window.Record("length", data.Length);
    Array.Sort(data);
    for (var i = 0; i < 1_000; i++)
        Workloads.Checksum(data, i); // Summarize = true: one row for all 1,000 calls
}

CarbonTracker.Flush();
Console.WriteLine($"Rows appended to {Path.GetFullPath(CarbonTracker.LedgerPath ?? "emissions.csv")}");

internal static class Workloads
{
    /// <summary>One row per call, with the arguments as hyperparameters and the estimate as result.</summary>
    [TrackEmissions(Experiment = "quickstart")]
    public static double EstimatePi(int samples, int seed)
    {
        var random = new Random(seed);
        var inside = 0;
        for (var i = 0; i < samples; i++)
        {
            double x = random.NextDouble(), y = random.NextDouble();
            if (x * x + y * y <= 1) inside++;
        }
        return 4.0 * inside / samples;
    }

    /// <summary>Called in a loop: Summarize aggregates every call into one row with a call count.</summary>
    [TrackEmissions(Summarize = true)]
    public static long Checksum(double[] data, int offset)
    {
        long sum = 0;
        for (var i = offset; i < data.Length; i += 997)
            sum += (long)(data[i] * 1000);
        return sum;
    }

    public static double[] RandomArray(int length, int seed)
    {
        var random = new Random(seed);
        var data = new double[length];
        for (var i = 0; i < data.Length; i++)
            data[i] = random.NextDouble();
        return data;
    }
}
