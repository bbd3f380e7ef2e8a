namespace CarbonAttrs;

/// <summary>
/// Keeps concurrent top-level windows from counting the same joule twice. While k top-level windows
/// are open, each is owed 1/k of what is drawn: a running integral W(t) = ∫ dt / k(t) is advanced at
/// every top-level open and close, and a window's share is (W(end) − W(start)) / (end − start). Its
/// energy is scaled by that share (power is taken as even over the window) and its source columns get
/// <c>(split)</c>. Nested windows are not split: they sit inside their parent (<c>parent_run_id</c>),
/// and the parent row is the total. Cost: one uncontended lock per top-level window open and close.
/// </summary>
internal sealed class RootWindowOverlap
{
    /// <summary>The process's instance, used by every top-level <see cref="CarbonWindow"/>.</summary>
    public static readonly RootWindowOverlap Shared = new();

    private readonly object _gate = new();
    private int _open;
    private long _lastTimestamp;
    private double _integral; // Σ Δticks / k over time with k ≥ 1 open windows

    /// <summary>Registers a top-level window opening at <paramref name="timestamp"/>; returns W at that instant.</summary>
    public double Open(long timestamp)
    {
        lock (_gate)
        {
            Advance(timestamp);
            _open++;
            return _integral;
        }
    }

    /// <summary>Registers the window's close; returns its share of the energy drawn while it was open (1 when alone).</summary>
    public double Close(long startTimestamp, double integralAtOpen, long endTimestamp)
    {
        lock (_gate)
        {
            Advance(endTimestamp);
            _open = Math.Max(0, _open - 1);
            var span = endTimestamp - startTimestamp;
            if (span <= 0)
                return 1.0;
            return Math.Min(1.0, Math.Max(0.0, (_integral - integralAtOpen) / span));
        }
    }

    private void Advance(long timestamp)
    {
        if (_open > 0 && timestamp > _lastTimestamp)
            _integral += (timestamp - _lastTimestamp) / (double)_open;
        if (timestamp > _lastTimestamp)
            _lastTimestamp = timestamp;
    }
}
