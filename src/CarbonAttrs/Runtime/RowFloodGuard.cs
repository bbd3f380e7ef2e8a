using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Runtime;

/// <summary>
/// The flood guard of one per-row method under one runtime: counts its rows in one-second buckets over the last
/// <see cref="WindowSeconds"/> seconds and trips when more than <c>10 × MaxRowsPerSecond</c> land within them. Why: a
/// per-row method called in a tight loop wrote a million rows (600 MB) in 6 s. Once tripped, the method's calls are
/// summarized for the rest of the process. Cheap on the hot path: an interlocked increment per call, a lock once per
/// second when the bucket moves on.
/// </summary>
internal sealed class RowFloodGuard
{
    public const int WindowSeconds = 10;

    private readonly int[] _counts = new int[WindowSeconds];
    private readonly long _limit;
    private long _second = -1; // the second (Stopwatch ticks / Frequency) whose bucket is being filled
    private long _secondEnd = long.MinValue; // first timestamp after it: a comparison per call instead of a division
    private int _bucket;       // _second % WindowSeconds
    private int _earlier;      // rows in the WindowSeconds − 1 seconds before it
    private int _tripped;
    private long _firstRow = long.MinValue; // timestamp of the first row counted: the rate of a flood younger than the window

    public RowFloodGuard(TrackerRuntime runtime, int maxRowsPerSecond)
    {
        Runtime = runtime;
        MaxRowsPerSecond = maxRowsPerSecond;
        _limit = (long)maxRowsPerSecond * WindowSeconds;
    }

    /// <summary>The runtime the guard counts for (a new runtime starts a new count, with its own limit).</summary>
    public TrackerRuntime Runtime { get; }

    public int MaxRowsPerSecond { get; }

    /// <summary>False when the guard is off (<c>MaxRowsPerSecond = 0</c>).</summary>
    public bool Enabled => MaxRowsPerSecond > 0;

    /// <summary>True once the method switched to summarized rows.</summary>
    public bool Tripped => Volatile.Read(ref _tripped) != 0;

    /// <summary>
    /// Counts one row at <paramref name="timestamp"/>; true when the rows of the last <see cref="WindowSeconds"/> seconds
    /// now exceed the limit. Concurrent callers may count a row in the bucket of the second before: the count is close,
    /// not exact, which is all a guard against millions of rows needs. Timestamps only move forward in practice; an
    /// older one is counted in the current second.
    /// </summary>
    public bool CountRow(long timestamp)
    {
        if (timestamp >= Volatile.Read(ref _secondEnd))
            MoveTo(timestamp / Stopwatch.Frequency, timestamp);
        var inThisSecond = Interlocked.Increment(ref _counts[Volatile.Read(ref _bucket)]);
        return inThisSecond + Volatile.Read(ref _earlier) > _limit;
    }

    private void MoveTo(long second, long timestamp)
    {
        lock (_counts)
        {
            var current = _second;
            if (second <= current)
                return; // moved already by another thread, or a late caller's older timestamp
            if (current < 0)
                Volatile.Write(ref _firstRow, timestamp);
            var stale = current < 0 ? WindowSeconds : (int)Math.Min(second - current, WindowSeconds);
            for (var i = 0; i < stale; i++)
                _counts[(int)((second - i) % WindowSeconds)] = 0;
            var earlier = 0;
            for (var i = 1; i < WindowSeconds; i++)
                earlier += _counts[(int)((second - i) % WindowSeconds)];
            Volatile.Write(ref _earlier, earlier);
            Volatile.Write(ref _bucket, (int)(second % WindowSeconds));
            Volatile.Write(ref _second, second);
            Volatile.Write(ref _secondEnd, (second + 1) * Stopwatch.Frequency);
        }
    }

    /// <summary>
    /// Trips the guard at <paramref name="timestamp"/> (the row that went over); true for the one caller that did (it
    /// warns and registers the method).
    /// </summary>
    public bool Trip(string method, long timestamp)
    {
        if (Interlocked.Exchange(ref _tripped, 1) != 0)
            return false;
        var rows = Volatile.Read(ref _earlier) + Volatile.Read(ref _counts[Volatile.Read(ref _bucket)]);
        TrackerLog.Warn("flood-guard:" + method,
            $"{method} wrote more than {_limit.ToString("N0", CultureInfo.InvariantCulture)} ledger rows within {WindowSeconds} s "
            + $"(about {RowsPerSecond(rows, timestamp).ToString("N0", CultureInfo.InvariantCulture)} rows/s; the limit is {MaxRowsPerSecond.ToString(CultureInfo.InvariantCulture)} rows/s per method, CARBONATTRS_MAX_ROWS_PER_SECOND). "
            + "From now on its calls are summarized: one row at least every 60 s and at exit, with calls = the calls it covers. "
            + "Fix: track it with [TrackEmissions(Summarize = true)] (one row per method), or track a coarser method; "
            + "CARBONATTRS_MAX_ROWS_PER_SECOND=0 turns the guard off.");
        return true;
    }

    // The rows of the window over the time they took: the whole window, or less when the first row came within it
    // (a tight loop trips the guard within milliseconds; dividing by 10 s would report the limit, not the flood).
    private double RowsPerSecond(int rows, long timestamp)
    {
        var seconds = Math.Min(WindowSeconds, (timestamp - Volatile.Read(ref _firstRow)) / (double)Stopwatch.Frequency);
        return rows / Math.Max(seconds, 0.001);
    }
}
