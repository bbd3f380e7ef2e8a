using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Tests.Energy;

public sealed class WrappingCounterTests
{
    [Fact]
    public void Accumulates_past_many_wraps_when_read_at_least_once_per_wrap()
    {
        const ulong range = 1_000_000;
        var counter = new WrappingCounter(range);
        ulong truth = 123_456;
        counter.Observe(truth % range);
        var origin = truth;
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            truth += (ulong)random.Next(0, 999_999); // less than one range per read: at most one wrap between reads
            counter.Observe(truth % range);
        }
        Assert.True(truth - origin > 1000 * range, "the test should cross many wraps");
        Assert.Equal(truth - origin, counter.TotalMicrojoules);
    }

    [Fact]
    public void Total_exceeds_32_bits_of_microjoules()
    {
        var counter = new WrappingCounter(uint.MaxValue);
        ulong raw = 0;
        counter.Observe(raw);
        for (var i = 0; i < 20; i++)
        {
            raw = (raw + 3_000_000_000UL) % uint.MaxValue;
            counter.Observe(raw);
        }
        Assert.Equal(60_000_000_000UL, counter.TotalMicrojoules);
    }

    [Fact]
    public void Safe_period_lets_a_counter_wrap_at_most_once_between_reads_at_the_power_bound()
    {
        var zones = new[]
        {
            new RaplZone("/x", "intel-rapl:0", "package-0", RaplZoneKind.Package, "package-0", 262_143_328_850, false),
            new RaplZone("/y", "intel-rapl:0:0", "dram", RaplZoneKind.Dram, "package-0/dram", 65_712_999_613, false),
        };
        var period = RaplEnergySource.SafePeriod(zones, powerBoundWatts: 1000)!.Value;
        // 65.7 kJ at 1000 W wraps after 65.7 s; half of it leaves a margin of a factor two.
        Assert.Equal(32.856, period.TotalSeconds, 3);
    }
}
