using System.Diagnostics;

namespace CarbonAttrs.Tests.Tracking;

/// <summary>
/// Window start times come from the timestamp the window reads anyway (<see cref="UtcClock"/>), not from a second clock
/// read: they must still be the wall clock's time, and follow it when the anchor is older than a second.
/// </summary>
public sealed class UtcClockTests
{
    // The clocks drift apart by parts per million; 50 ms is far beyond that and far below any clock error worth a row.
    private static readonly long Tolerance = TimeSpan.FromMilliseconds(50).Ticks;

    [Fact]
    public void A_timestamp_reads_as_the_wall_clock_time_it_was_taken_at()
    {
        var before = DateTime.UtcNow.Ticks;
        var timestamp = Stopwatch.GetTimestamp();
        var after = DateTime.UtcNow.Ticks;

        Assert.InRange(UtcClock.TicksAt(timestamp), before - Tolerance, after + Tolerance);
    }

    [Fact]
    public void A_timestamp_beyond_the_anchor_s_second_renews_it_and_still_reads_right()
    {
        UtcClock.Renew();
        var minute = 60 * Stopwatch.Frequency;
        var now = DateTime.UtcNow.Ticks;
        var later = UtcClock.TicksAt(Stopwatch.GetTimestamp() + minute); // a minute ahead: past the anchor's second
        Assert.InRange(later - now, TimeSpan.FromMinutes(1).Ticks - Tolerance, TimeSpan.FromMinutes(1).Ticks + Tolerance);

        var earlier = UtcClock.TicksAt(Stopwatch.GetTimestamp()); // a minute behind the renewed anchor: renewed again
        Assert.InRange(earlier - DateTime.UtcNow.Ticks, -Tolerance, Tolerance);
    }

    [Fact]
    public void Windows_started_in_turn_have_start_times_in_the_same_order_and_spacing_as_their_timestamps()
    {
        var first = new CarbonWindow(null, "first", null);
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 5) { }
        var second = new CarbonWindow(null, "second", null);
        second.Dispose();
        first.Dispose();

        var byClock = (second.StartedAt - first.StartedAt).Ticks;
        var byTimestamps = (long)((second.StartTimestamp - first.StartTimestamp) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency));
        Assert.True(byClock > 0);
        Assert.InRange(byClock, byTimestamps - Tolerance, byTimestamps + Tolerance);
        Assert.Equal(TimeSpan.Zero, first.StartedAt.Offset);
    }
}
