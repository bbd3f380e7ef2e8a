namespace CarbonAttrs;

public sealed partial class CarbonMeasurement
{
    /// <summary>
    /// Floating-point operations counted in the window, its nested windows included (the <c>flops</c> column);
    /// null when nothing counted them (no <c>CarbonTorch.CountFlops</c>, no <see cref="CarbonWindow.AddFlops"/>).
    /// </summary>
    public double? Flops
    {
        get => double.IsNaN(_flops) ? null : _flops;
        internal set => _flops = value ?? double.NaN;
    }

    /// <summary>Examples processed in the window, its nested windows included (the <c>samples</c> column); null when unknown.</summary>
    public long? Samples
    {
        get => _samples == long.MinValue ? null : _samples;
        internal set => _samples = value ?? long.MinValue;
    }

    // NaN / long.MinValue for "none" instead of nullables: 16 bytes less on an object allocated per row.
    private double _flops;   // set by both constructors
    private long _samples;

    /// <summary>The <c>flops</c> column's value, NaN when empty (the queued row copies it without unwrapping a nullable).</summary>
    internal double FlopsOrNaN => _flops;

    /// <summary>The <c>samples</c> column's value, <see cref="long.MinValue"/> when empty.</summary>
    internal long SamplesOrMinValue => _samples;
}
