using System.Collections;
using System.Reflection;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>The pipeline is incremental: an unrelated edit re-runs nothing that matters, and models hold no Roslyn objects.</summary>
public sealed class IncrementalityTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using CarbonAttrs;
        namespace Incremental;
        public sealed partial class Model
        {
            [TrackEmissions(Summarize = true)]
            public int Step(int i) => i;
            [TrackEmissions]
            public async Task<int> Epoch() { await Task.Yield(); return Step(1); }
            [TrackEmissions]
            public partial double Evaluate(double threshold);
            private double EvaluateCore(double threshold) => threshold;
            [TrackEmissions]
            private static int Hidden() => 0;
            private static int _slot;
            [TrackEmissions]
            public static ref int Slot() => ref _slot;
            [TrackEmissions]
            public static IEnumerable<int> Batches() { yield return 1; }
            public int Run()
            {
                Func<int, int> group = Step;
                return group(0) + Step(2) + Hidden() + Slot() + (int)Evaluate(0.5) + Epoch().Result + Batches().Sum();
            }
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var first = GeneratorHarness.Run(Source);
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Unrelated; public static class Other { public static int Two() => 2; }",
            GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = second.TrackedSteps.Where(pair => TrackingNames.All.Contains(pair.Key)).ToList();
        Assert.Equal(TrackingNames.All.OrderBy(n => n), steps.Select(s => s.Key).OrderBy(n => n));
        foreach (var (name, runs) in steps)
        {
            foreach (var output in runs.SelectMany(run => run.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {output.Reason}");
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Pipeline_models_hold_no_roslyn_objects()
    {
        var run = GeneratorHarness.Run(Source).Result.Results.Single();

        var values = run.TrackedSteps.Where(pair => TrackingNames.All.Contains(pair.Key))
            .SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(output => output.Value).ToList();
        Assert.NotEmpty(values);
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var value in values)
            AssertPlainData(value, "model", visited);
    }

    private static void AssertPlainData(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        var type = value.GetType();
        Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true, $"{path} is a Roslyn {type.FullName}");
        Assert.False(type.Namespace == "System.Collections.Immutable", $"{path} is an {type.Name}, compared by reference");
        if (!type.IsValueType && !visited.Add(value))
            return;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
                AssertPlainData(item, $"{path}[{i++}]", visited);
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPlainData(field.GetValue(value), path + "." + field.Name, visited);
    }
}
