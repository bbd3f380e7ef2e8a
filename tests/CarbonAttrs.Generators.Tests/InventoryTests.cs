using System.Reflection;
using System.Text.Json;
using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests;

/// <summary>The compiled assembly lists its tracked methods as AssemblyMetadata (name, file, line, summarize).</summary>
public sealed class InventoryTests
{
    [Fact]
    public void Assembly_lists_every_tracked_method_declared_in_it()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            namespace Inventory.Listed;
            public sealed partial class Model
            {
                [TrackEmissions(Summarize = true)]
                public int Step(int i) => i;

                [TrackEmissions(Name = "eval")]
                public partial double Evaluate();
                private double EvaluateCore() => 1;
            }
            """);
        run.AssertClean();
        using var loaded = GeneratorHarness.Load(run.Output);

        var entries = loaded.Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key == "CarbonAttrs.TrackedMethod")
            .Select(a => JsonDocument.Parse(a.Value!).RootElement)
            .ToList();

        Assert.Equal(2, entries.Count);
        Assert.Equal("Inventory.Listed.Model.Step", entries[0].GetProperty("name").GetString());
        Assert.Equal("Program.cs", entries[0].GetProperty("file").GetString());
        Assert.Equal(6, entries[0].GetProperty("line").GetInt32());
        Assert.True(entries[0].GetProperty("summarize").GetBoolean());
        Assert.Equal("eval", entries[1].GetProperty("name").GetString());
        Assert.Equal(9, entries[1].GetProperty("line").GetInt32());
        Assert.False(entries[1].GetProperty("summarize").GetBoolean());
    }
}
