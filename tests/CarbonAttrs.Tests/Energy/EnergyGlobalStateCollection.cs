namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// Tests that touch process-wide state (TrackerLog, the NVML binding, the fake NVML's globals), or whose accuracy
/// depends on wall-clock timing, run one at a time and alone (xunit runs a non-parallel collection by itself).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnergyGlobalStateCollection
{
    public const string Name = "Energy global state";
}
