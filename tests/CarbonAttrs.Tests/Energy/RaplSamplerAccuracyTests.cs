using System.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// A background writer advances energy_uj files at known powers (the way the kernel does, wrapping at
/// max_energy_range_uj) while the real sampler reads them; a window's energy must match power × time.
/// </summary>
public sealed class RaplSamplerAccuracyTests
{
    private sealed class CounterWriter : IDisposable
    {
        private readonly (string Directory, double Watts, ulong Range)[] _zones;
        private readonly Thread _thread;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private volatile bool _stop;

        public CounterWriter(params (string Directory, double Watts, ulong Range)[] zones)
        {
            _zones = zones;
            Write();
            _thread = new Thread(Run) { IsBackground = true, Name = "fake RAPL counters" };
            _thread.Start();
        }

        /// <summary>Stopwatch timestamp of the writer's time zero: energy at t is watts × (t − Origin).</summary>
        public long Origin { get; } = Stopwatch.GetTimestamp();

        private void Write()
        {
            var seconds = (Stopwatch.GetTimestamp() - Origin) / (double)Stopwatch.Frequency;
            foreach (var (directory, watts, range) in _zones)
                PowercapTree.WriteEnergy(directory, (ulong)(watts * seconds * 1e6) % range);
        }

        private void Run()
        {
            while (!_stop)
            {
                Write();
                Thread.Sleep(1);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }

    [Fact]
    public void Two_sockets_and_dram_measured_within_one_percent_across_several_wraps()
    {
        using var tree = new PowercapTree();
        // Small ranges so the counters wrap every 0.4–1.7 s: a 3 s window holds several wraps of each package.
        const ulong packageRange = 20_000_000, dramRange = 20_000_000; // 20 J
        var p0 = tree.AddZone("intel-rapl:0", "package-0", range: packageRange);
        var p1 = tree.AddZone("intel-rapl:1", "package-1", range: 25_000_000);
        var dram = tree.AddZone("intel-rapl:0:0", "dram", range: dramRange);
        tree.AddZone("intel-rapl:0:1", "core", range: packageRange);  // inside package-0: must not be added
        tree.AddZone("intel-rapl:2", "psys", range: packageRange);   // contains the packages: must not be added
        using var writer = new CounterWriter((p0, 50, packageRange), (p1, 30, 25_000_000), (dram, 12, dramRange));

        // A 400 W bound on a 20 J range: a wrap takes at least 50 ms, so the sampler must read every 25 ms.
        var (cpu, ram) = RaplProbe.Open(tree.Root, powerBoundWatts: 400);
        Assert.NotNull(cpu);
        Assert.NotNull(ram);
        using var sampler = new EnergySampler(new IEnergySource[] { cpu!, ram! }, TimeSpan.FromMilliseconds(100), () => 0);
        Assert.Equal(TimeSpan.FromMilliseconds(25), sampler.Period); // shortened from the requested 100 ms by the wrap time
        Assert.Equal("measured:rapl", sampler.ComponentSources[EnergyComponent.Cpu]);
        Assert.Equal("measured:rapl", sampler.ComponentSources[EnergyComponent.Ram]);
        sampler.Start();

        Thread.Sleep(200);
        var start = Stopwatch.GetTimestamp();
        Thread.Sleep(3000);
        var end = Stopwatch.GetTimestamp();
        Thread.Sleep(100); // let the sampler publish a reading after the window's end, so both edges are interpolated
        var seconds = (end - start) / (double)Stopwatch.Frequency;
        var periods = seconds / sampler.Period.TotalSeconds;
        Assert.True(periods >= 10, $"the window spans {periods:0} sampling periods");

        Assert.True(sampler.TryReadingAt(start, out var atStart));
        var energy = atStart.Until(sampler.ReadingAt(end));

        var wraps = 50 * seconds / 20;
        Assert.True(wraps >= 3, $"package-0 wrapped about {wraps:0.0} times in the window");
        AssertWithinOnePercent(80 * seconds, energy.CpuJoules, "CPU (package-0 + package-1)");
        AssertWithinOnePercent(12 * seconds, energy.RamJoules, "RAM (dram)");
    }

    private static void AssertWithinOnePercent(double expected, double actual, string what)
        => Assert.True(Math.Abs(actual - expected) <= 0.01 * expected,
            $"{what}: measured {actual:0.000} J, truth {expected:0.000} J ({(actual - expected) / expected:P2})");
}
