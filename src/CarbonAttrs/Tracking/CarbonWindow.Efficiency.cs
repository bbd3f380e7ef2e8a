namespace CarbonAttrs;

// The computational cost of a window (Schwartz et al., "Green AI": report the floating-point operations of a
// result, and the examples processed): its `flops` and `samples` columns. A window's counts include those of the
// windows opened inside it, as its energy does; each nested window keeps its own.
public sealed partial class CarbonWindow
{
    // FLOPs as a double: a long run on a modern accelerator passes 2^63 FLOPs (about 2.5 hours at 1 PFLOP/s);
    // a double is exact to 2^53 and within 1e-16 of the count beyond. NaN: nothing counted yet.
    private double _flops = double.NaN;
    private long _countedSamples, _recordedSamples;
    private int _samplesCounted, _samplesRecorded;

    /// <summary>
    /// Adds <paramref name="flops"/> floating-point operations to this window and to every window it is nested in
    /// (the <c>flops</c> column). Safe to call from any thread. CarbonAttrs.TorchSharp's <c>CarbonTorch.CountFlops</c>
    /// calls it for each counted forward; call it yourself for work it cannot see (custom kernels, other frameworks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flops"/> is negative.</exception>
    public CarbonWindow AddFlops(long flops)
    {
        if (flops < 0)
            throw new ArgumentOutOfRangeException(nameof(flops), flops, "A FLOP count cannot be negative; pass the operations performed (2 per multiply-accumulate).");
        for (var window = this; window is not null; window = window._parent)
            window.AddOwnFlops(flops);
        return this;
    }

    /// <summary>
    /// Records that <paramref name="samples"/> examples were processed (the <c>samples</c> column), in this window and
    /// every window it is nested in. Calls add up. Once recorded, these counts replace the ones
    /// <c>CarbonTorch.CountFlops</c> infers from the batch dimension, for this window and its parents: use it for
    /// models whose batch is not dimension 0 of their first input, or to count examples rather than batches of tokens.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public CarbonWindow RecordSamples(long samples)
    {
        if (samples < 0)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "A sample count cannot be negative; pass the number of examples processed.");
        for (var window = this; window is not null; window = window._parent)
        {
            Interlocked.Add(ref window._recordedSamples, samples);
            Volatile.Write(ref window._samplesRecorded, 1);
        }
        return this;
    }

    /// <summary>FLOPs counted so far in this window and the windows nested in it; null when none were counted.</summary>
    public double? Flops
    {
        get
        {
            var flops = Volatile.Read(ref _flops);
            return double.IsNaN(flops) ? null : flops;
        }
    }

    /// <summary>
    /// Samples processed so far in this window and the windows nested in it: the recorded ones when
    /// <see cref="RecordSamples"/> was called here or in a nested window, else the counted ones; null when neither.
    /// </summary>
    public long? Samples
        => Volatile.Read(ref _samplesRecorded) != 0 ? Volatile.Read(ref _recordedSamples)
            : Volatile.Read(ref _samplesCounted) != 0 ? Volatile.Read(ref _countedSamples)
            : null;

    /// <summary>Adds samples inferred by a counter (batch dimension); recorded samples take precedence.</summary>
    internal void AddCountedSamples(long samples)
    {
        for (var window = this; window is not null; window = window._parent)
        {
            Interlocked.Add(ref window._countedSamples, samples);
            Volatile.Write(ref window._samplesCounted, 1);
        }
    }

    private void AddOwnFlops(double flops)
    {
        // No Interlocked.Add for doubles: compare-and-swap until no other thread added in between.
        var current = Volatile.Read(ref _flops);
        while (true)
        {
            var updated = double.IsNaN(current) ? flops : current + flops;
            var seen = Interlocked.CompareExchange(ref _flops, updated, current);
            if (seen.Equals(current)) // Equals, not ==: NaN == NaN is false
                return;
            current = seen;
        }
    }

    private void CopyEfficiencyTo(CarbonMeasurement measurement)
    {
        measurement.Flops = Flops;
        measurement.Samples = Samples;
    }
}
