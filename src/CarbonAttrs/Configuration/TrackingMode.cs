namespace CarbonAttrs;

/// <summary>How energy is attributed to a measurement window.</summary>
public enum TrackingMode
{
    /// <summary>This process's share: CPU by its share of CPU time, GPUs it runs on. The default.</summary>
    Process,

    /// <summary>Everything the machine drew while the window was open.</summary>
    Machine,
}
