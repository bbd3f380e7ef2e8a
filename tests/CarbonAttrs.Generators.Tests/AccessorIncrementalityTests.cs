using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>Accessor targets keep the pipeline incremental: their models are plain data compared by value.</summary>
public sealed class AccessorIncrementalityTests
{
    private const string Source = """
        using CarbonAttrs;
        namespace Incremental.Accessors;
        public static class Trainer
        {
            [TrackEmissions] static double Fit(double lr) => lr;
            [TrackEmissions(Summarize = true)] private static int Step<T>(T batch) => 1;
            private static class Kernels { [TrackEmissions] internal static int Fuse(int n) => n; }
            private sealed class Model { [TrackEmissions] public int Forward(int x) => x; }
            public static double Run() => Fit(0.1) + Step("b") + Kernels.Fuse(1) + new Model().Forward(2);
        }
        public static class Scale<T> where T : struct
        {
            [TrackEmissions] private static T Identity(T value) => value;
            public static T Run(T value) => Identity(value);
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached_with_accessor_targets()
    {
        var first = GeneratorHarness.Run(Source);
        Assert.Contains("UnsafeAccessorType", first.Interceptors, StringComparison.Ordinal);
        // Model.Forward (an instance method of a private type) stays unmeasured: the analyzer says so, not the generator.
        Assert.Empty(first.GeneratorDiagnostics);
        Assert.Single(GeneratorHarness.AnalyzerDiagnostics(first.Input));
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Unrelated; public static class Other { public static int Two() => 2; }",
            GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var (name, runs) in second.TrackedSteps.Where(pair => TrackingNames.All.Contains(pair.Key)))
        {
            foreach (var output in runs.SelectMany(run => run.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {output.Reason}");
        }
        var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(run => run.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }
}
