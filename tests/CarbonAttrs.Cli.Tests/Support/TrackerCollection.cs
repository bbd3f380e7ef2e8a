namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>Tests that replace the process-wide tracker run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrackerCollection
{
    public const string Name = "Process-wide tracker";
}
