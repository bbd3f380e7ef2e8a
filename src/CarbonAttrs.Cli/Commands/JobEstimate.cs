using CarbonAttrs.Cli.Reference;

namespace CarbonAttrs.Cli.Commands;

/// <summary>
/// A pre-flight estimate: energy = count × TDP × hours × PUE; emissions = energy × grid intensity.
/// GPUs only: CPU, RAM and networking are not included (said in the output).
/// </summary>
internal sealed record JobEstimate(GpuPower Gpu, int Count, double Hours, double Pue, GridIntensity Intensity)
{
    public double EnergyKwh => Count * Gpu.TdpWatts * Hours * Pue / 1000;
    public double EmissionsKg => EnergyKwh * Intensity.GramsPerKwh / 1000;
}
