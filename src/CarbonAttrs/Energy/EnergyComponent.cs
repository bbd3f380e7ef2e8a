namespace CarbonAttrs;

/// <summary>A hardware component whose energy is reported separately.</summary>
public enum EnergyComponent
{
    /// <summary>CPU packages.</summary>
    Cpu = 0,
    /// <summary>GPUs.</summary>
    Gpu = 1,
    /// <summary>Main memory.</summary>
    Ram = 2,
}
