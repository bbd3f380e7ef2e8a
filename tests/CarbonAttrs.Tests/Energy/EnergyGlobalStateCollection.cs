namespace CarbonAttrs.Tests.Energy;

/// <summary>Tests that touch process-wide state (TrackerLog, the NVML binding, the fake NVML's globals) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnergyGlobalStateCollection
{
    public const string Name = "Energy global state";
}
