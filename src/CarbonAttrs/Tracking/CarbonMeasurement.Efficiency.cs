namespace CarbonAttrs;

public sealed partial class CarbonMeasurement
{
    /// <summary>
    /// Floating-point operations counted in the window, its nested windows included (the <c>flops</c> column);
    /// null when nothing counted them (no <c>CarbonTorch.CountFlops</c>, no <see cref="CarbonWindow.AddFlops"/>).
    /// </summary>
    public double? Flops { get; internal set; }

    /// <summary>Examples processed in the window, its nested windows included (the <c>samples</c> column); null when unknown.</summary>
    public long? Samples { get; internal set; }
}
