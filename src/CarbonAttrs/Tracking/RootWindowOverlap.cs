namespace CarbonAttrs;

/// <summary>
/// Keeps concurrent top-level windows from counting the same joule twice. While k top-level windows
/// are open, each is owed 1/k of what is drawn: a running integral W(t) = ∫ dt / k(t) is advanced at
/// every top-level open and close, and a window's share is (W(end) − W(start)) / (end − start). Its
/// energy is scaled by that share (power is taken as even over the window) and its source columns get
/// <c>(split)</c>. Nested windows are not split: they sit inside their parent (<c>parent_run_id</c>),
/// and the parent row is the total. Cost: one uncontended SpinGate per top-level window open and close.
/// </summary>
/// <remarks>
/// W is kept in two parts: the ticks spent with exactly one window open, as an exact integer, and the
/// shared time (Σ Δticks / k for k ≥ 2) as a double. A window that was alone therefore gets exactly 1:
/// with one double holding all of W (about 1e11 after a minute and a half of tracked time), W(end) − W(start)
/// rounded to a few ulps below the span, and a window that had been alone was marked split.
/// </remarks>
internal sealed class RootWindowOverlap
{
    /// <summary>The process's instance, used by every top-level <see cref="CarbonWindow"/>.</summary>
    public static readonly RootWindowOverlap Shared = new();

    private SpinGate _gate = new(); // a few additions per top-level window open and close (see SpinGate)
    private int _open;
    private long _lastTimestamp;
    private long _soloTicks;        // ticks with exactly one window open (exact)
    private double _sharedIntegral; // Σ Δticks / k over time with k ≥ 2 windows open

    /// <summary>Registers a top-level window opening at <paramref name="timestamp"/>; returns W at that instant, in its two parts.</summary>
    public (long SoloTicks, double SharedIntegral) Open(long timestamp)
    {
        _gate.Enter();
        Advance(timestamp);
        _open++;
        var atOpen = (_soloTicks, _sharedIntegral);
        _gate.Exit();
        return atOpen;
    }

    /// <summary>Registers the window's close; returns its share of the energy drawn while it was open (exactly 1 when alone).</summary>
    public double Close(long startTimestamp, (long SoloTicks, double SharedIntegral) atOpen, long endTimestamp)
    {
        _gate.Enter();
        Release(endTimestamp);
        var solo = _soloTicks - atOpen.SoloTicks;
        var shared = _sharedIntegral - atOpen.SharedIntegral;
        _gate.Exit();
        var span = endTimestamp - startTimestamp;
        if (span <= 0 || (shared <= 0 && solo >= span))
            return 1.0;
        return Math.Min(1.0, Math.Max(0.0, (solo + shared) / span));
    }

    /// <summary>A window that was never closed stops counting as open (it was collected undisposed).</summary>
    public void Abandon(long timestamp)
    {
        _gate.Enter();
        Release(timestamp);
        _gate.Exit();
    }

    private void Release(long timestamp)
    {
        Advance(timestamp);
        _open = Math.Max(0, _open - 1);
    }

    private void Advance(long timestamp)
    {
        if (timestamp <= _lastTimestamp)
            return;
        var ticks = timestamp - _lastTimestamp;
        if (_open == 1)
            _soloTicks += ticks;
        else if (_open > 1)
            _sharedIntegral += ticks / (double)_open;
        _lastTimestamp = timestamp;
    }
}
