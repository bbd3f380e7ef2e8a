namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>Every case here replaces the process-wide tracker or log sink, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability (process-wide tracker)";
}
