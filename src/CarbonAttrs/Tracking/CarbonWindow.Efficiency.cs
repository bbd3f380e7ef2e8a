namespace CarbonAttrs;

// The computational cost of a window (Schwartz et al., "Green AI": report the floating-point operations of a
// result, and the examples processed): its `flops` and `samples` columns. A window's counts include those of the
// windows opened inside it, as its energy does; each nested window keeps its own.
public sealed partial class CarbonWindow
{
    // The counts live in their own object, created on the first count: most windows (every per-row call) count
    // nothing, and 32 bytes less per window is measurably less GC work on a per-row method's calling thread.
    private EfficiencyCounts? _efficiency;

    private sealed class EfficiencyCounts
    {
        // FLOPs as a double: a long run on a modern accelerator passes 2^63 FLOPs (about 2.5 hours at 1 PFLOP/s);
        // a double is exact to 2^53 and within 1e-16 of the count beyond. NaN: nothing counted yet.
        public double Flops = double.NaN;
        public long CountedSamples, RecordedSamples;
        public int SamplesCounted, SamplesRecorded;
    }

    private EfficiencyCounts Efficiency
        => Volatile.Read(ref _efficiency)
           ?? Interlocked.CompareExchange(ref _efficiency, new EfficiencyCounts(), null)
           ?? _efficiency!;

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
            var counts = window.Efficiency;
            Interlocked.Add(ref counts.RecordedSamples, samples);
            Volatile.Write(ref counts.SamplesRecorded, 1);
        }
        return this;
    }

    /// <summary>FLOPs counted so far in this window and the windows nested in it; null when none were counted.</summary>
    public double? Flops
    {
        get
        {
            if (Volatile.Read(ref _efficiency) is not { } counts)
                return null;
            var flops = Volatile.Read(ref counts.Flops);
            return double.IsNaN(flops) ? null : flops;
        }
    }

    /// <summary>
    /// Samples processed so far in this window and the windows nested in it: the recorded ones when
    /// <see cref="RecordSamples"/> was called here or in a nested window, else the counted ones; null when neither.
    /// </summary>
    public long? Samples
        => Volatile.Read(ref _efficiency) is not { } counts ? null
            : Volatile.Read(ref counts.SamplesRecorded) != 0 ? Volatile.Read(ref counts.RecordedSamples)
            : Volatile.Read(ref counts.SamplesCounted) != 0 ? Volatile.Read(ref counts.CountedSamples)
            : null;

    /// <summary>Adds samples inferred by a counter (batch dimension); recorded samples take precedence.</summary>
    internal void AddCountedSamples(long samples)
    {
        for (var window = this; window is not null; window = window._parent)
        {
            var counts = window.Efficiency;
            Interlocked.Add(ref counts.CountedSamples, samples);
            Volatile.Write(ref counts.SamplesCounted, 1);
        }
    }

    private void AddOwnFlops(double flops)
    {
        // No Interlocked.Add for doubles: compare-and-swap until no other thread added in between.
        var counts = Efficiency;
        var current = Volatile.Read(ref counts.Flops);
        while (true)
        {
            var updated = double.IsNaN(current) ? flops : current + flops;
            var seen = Interlocked.CompareExchange(ref counts.Flops, updated, current);
            if (seen.Equals(current)) // Equals, not ==: NaN == NaN is false
                return;
            current = seen;
        }
    }

    private void CopyEfficiencyTo(CarbonMeasurement measurement)
    {
        if (Volatile.Read(ref _efficiency) is null)
            return; // nothing counted: the measurement's columns are already empty
        measurement.Flops = Flops;
        measurement.Samples = Samples;
    }
}
