using Xunit.Abstractions;
using System.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// A background writer advances energy_uj files at known powers (the way the kernel does, wrapping at
/// max_energy_range_uj) while the real sampler reads them; a window's energy must match power × time.
/// </summary>
/// <remarks>
/// Wall-clock sensitive (a fake counter writer thread against the real sampler): it runs in a collection that
/// xunit runs alone, never beside the CPU-heavy classes on a 2-core machine.
/// </remarks>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class RaplSamplerAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void Two_sockets_and_dram_measured_within_one_percent_across_several_wraps()
    {
        using var tree = new PowercapTree();
        // Small ranges so the counters wrap every 1.2–1.5 s: a 5 s window holds several wraps of each zone.
        // (Not shorter: a fake counter only wraps correctly if its writer thread is not stalled for a whole
        // wrap, and this machine's cores are shared; real ranges wrap after minutes.)
        const ulong packageRange = 60_000_000, dramRange = 30_000_000; // 60 J, 30 J
        var p0 = tree.AddZone("intel-rapl:0", "package-0", range: packageRange);
        var p1 = tree.AddZone("intel-rapl:1", "package-1", range: 40_000_000);
        var dram = tree.AddZone("intel-rapl:0:0", "dram", range: dramRange);
        tree.AddZone("intel-rapl:0:1", "core", range: packageRange);  // inside package-0: must not be added
        tree.AddZone("intel-rapl:2", "psys", range: packageRange);   // contains the packages: must not be added
        using var writer = new FakeRaplCounters((p0, 50, packageRange), (p1, 30, 40_000_000), (dram, 20, dramRange));

        // A 400 W bound on the smallest range (30 J): a wrap takes at least 75 ms, so the sampler must read every 37.5 ms.
        var (cpu, ram) = RaplProbe.Open(tree.Root, powerBoundWatts: 400);
        Assert.NotNull(cpu);
        Assert.NotNull(ram);
        using var sampler = new EnergySampler(new IEnergySource[] { cpu!, ram! }, TimeSpan.FromMilliseconds(100), () => 0);
        Assert.Equal(TimeSpan.FromMilliseconds(37.5), sampler.Period); // shortened from the requested 100 ms by the wrap time
        Assert.Equal("measured:rapl", sampler.ComponentSources[EnergyComponent.Cpu]);
        Assert.Equal("measured:rapl", sampler.ComponentSources[EnergyComponent.Ram]);
        sampler.Start();

        Thread.Sleep(200);
        var start = Stopwatch.GetTimestamp();
        Thread.Sleep(5000); // long enough that a 50 ms scheduling stall at one edge (2 busy cores) stays under 1 %
        var end = Stopwatch.GetTimestamp();
        Thread.Sleep(100); // let the sampler publish a reading after the window's end, so both edges are interpolated
        var seconds = (end - start) / (double)Stopwatch.Frequency;
        var periods = seconds / sampler.Period.TotalSeconds;
        Assert.True(periods >= 10, $"the window spans {periods:0} sampling periods");

        Assert.True(sampler.TryReadingAt(start, out var atStart));
        var energy = atStart.Until(sampler.ReadingAt(end));

        var wraps = 20 * seconds / 30; // the slowest-wrapping zone, dram
        Assert.True(wraps >= 3, $"dram wrapped about {wraps:0.0} times in the window");
        output.WriteLine($"window {seconds:0.000} s = {periods:0} periods; CPU {energy.CpuJoules:0.000} J vs {80 * seconds:0.000} J; RAM {energy.RamJoules:0.000} J vs {20 * seconds:0.000} J");
        AssertWithinOnePercent(80 * seconds, energy.CpuJoules, "CPU (package-0 + package-1)");
        AssertWithinOnePercent(20 * seconds, energy.RamJoules, "RAM (dram)");
    }

    private static void AssertWithinOnePercent(double expected, double actual, string what)
        => Assert.True(Math.Abs(actual - expected) <= 0.01 * expected,
            $"{what}: measured {actual:0.000} J, truth {expected:0.000} J ({(actual - expected) / expected:P2})");
}
