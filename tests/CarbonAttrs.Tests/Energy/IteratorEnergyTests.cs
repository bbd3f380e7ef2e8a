using CarbonAttrs.Runtime;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// An iterator's row holds the energy of its segments only (the time inside MoveNext), read from the sampler like
/// any window's: on a fake 40 W package it is 40 W × the summed segments, not 40 W × the enumeration's wall time.
/// </summary>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class IteratorEnergyTests : IDisposable
{
    private readonly PowercapTree _tree = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "carbonattrs-iterator-energy-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        CarbonTracker.Configure(o => o.Disabled = true); // stop the sampler before its files go
        _tree.Dispose();
        try { Directory.Delete(_output, recursive: true); } catch (IOException) { }
    }

    private static IEnumerable<int> Producer(int count, int milliseconds)
    {
        for (var i = 0; i < count; i++)
        {
            Thread.Sleep(milliseconds);
            yield return i;
        }
    }

    [Fact]
    public void Segment_energy_is_summed_and_the_consumers_time_is_not_billed()
    {
        var package = _tree.AddZone("intel-rapl:0", "package-0");
        using var counters = new FakeRaplCounters((package, 40, 262_143_328_850));
        CarbonTracker.Configure(o =>
        {
            o.PowercapRoot = _tree.Root;
            o.OutputDirectory = _output;
            o.TrackingMode = TrackingMode.Machine;
            o.NvmlLibrary = "/nonexistent/libnvidia-ml-iterator.so";
            o.IntensityGramsPerKwh = 100;
            o.SampleInterval = TimeSpan.FromMilliseconds(20);
        });
        var method = new TrackedMethod("iterator-energy", null, summarize: false, recordArguments: true, recordResult: true);
        CarbonMeasurement? row = null;
        CarbonTracker.Measured += Capture;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var call = method.BeginIterator();
            call.Argument("count", 3);
            foreach (var _ in TrackedIterator.Enumerable(call, Producer(3, 150)))
                Thread.Sleep(300); // consumer
        }
        finally
        {
            CarbonTracker.Measured -= Capture;
        }
        wall.Stop();

        Assert.NotNull(row);
        Assert.Equal(3, row.Calls);
        Assert.Equal("measured:rapl", row.CpuSource); // segments of 150 ms: longer than the 20 ms period
        Assert.False(row.Split);
        var seconds = row.Duration.TotalSeconds;
        Assert.True(seconds < wall.Elapsed.TotalSeconds / 2, $"segments {seconds} s of {wall.Elapsed.TotalSeconds} s wall time");
        Assert.InRange(row.CpuJoules, 40 * seconds * 0.85, 40 * seconds * 1.15);

        void Capture(CarbonMeasurement m)
        {
            if (m.Name == "iterator-energy")
                row = m;
        }
    }
}
