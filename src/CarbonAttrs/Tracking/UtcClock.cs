using System.Diagnostics;

namespace CarbonAttrs;

/// <summary>
/// The UTC time of a <see cref="Stopwatch"/> timestamp, from an anchor (one wall-clock read and one timestamp read)
/// renewed at most once a second. Why: a window already reads the timestamp when it opens, and reading
/// <see cref="DateTime.UtcNow"/> as well was a second clock read per window (about 25 ns, a twentieth of a per-row
/// call). The two clocks drift apart by parts per million, so a window's time stays within microseconds of the
/// wall clock, and follows a step of the wall clock (NTP, a suspended VM) within a second.
/// </summary>
internal static class UtcClock
{
    private static readonly long RenewAfter = Stopwatch.Frequency; // 1 s of timestamp ticks
    private static readonly double UtcTicksPerTimestampTick = TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency;
    private static Anchor _anchor = Anchor.Now();

    /// <summary>UTC ticks (<see cref="DateTime.Ticks"/>) at <paramref name="timestamp"/>, a recent <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static long TicksAt(long timestamp)
    {
        var anchor = Volatile.Read(ref _anchor);
        var elapsed = timestamp - anchor.Timestamp;
        if (elapsed > RenewAfter || elapsed < -RenewAfter)
        {
            anchor = Anchor.Now();
            Volatile.Write(ref _anchor, anchor); // racing threads each write a fresh anchor: any of them will do
            elapsed = timestamp - anchor.Timestamp;
        }
        return anchor.UtcTicks + (long)(elapsed * UtcTicksPerTimestampTick);
    }

    /// <summary>Test seam: renews the anchor now (as if a second had passed).</summary>
    internal static void Renew() => Volatile.Write(ref _anchor, Anchor.Now());

    // One object, so that a reader never pairs one anchor's timestamp with another's wall-clock time.
    private sealed class Anchor
    {
        private Anchor(long timestamp, long utcTicks)
        {
            Timestamp = timestamp;
            UtcTicks = utcTicks;
        }

        public long Timestamp { get; }
        public long UtcTicks { get; }

        public static Anchor Now()
        {
            // The timestamp between two wall-clock reads, paired with their midpoint: the anchor is off by half the
            // time one read takes instead of a whole read.
            var before = DateTime.UtcNow.Ticks;
            var timestamp = Stopwatch.GetTimestamp();
            var after = DateTime.UtcNow.Ticks;
            return new Anchor(timestamp, before + (after - before) / 2);
        }
    }
}
