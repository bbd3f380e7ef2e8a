using System.Text.Json;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Loops whose iterations run a [TrackEmissions] method are in the inventory (<c>CarbonAttrs.Sweep</c>) in any code,
/// without TorchSharp: directly or through helpers, with the number of runs the nest starts when it is known.
/// </summary>
public sealed class TrackedLoopInventoryTests
{
    private const string Grid = """
        using System;
        using CarbonAttrs;

        public static class Program
        {
            public static double Main()
            {
                var best = 0.0;
                foreach (var lr in new[] { 0.01, 0.1, 1.0 })
                    foreach (var hidden in new[] { 16, 32 })
                        best = Math.Max(best, Train(lr, hidden));
                return best;
            }

            [TrackEmissions]
            public static double Train(double lr, int hidden) => lr * hidden;
        }
        """;

    [Fact]
    public void The_nested_grid_of_the_issue_is_one_loop_of_six_runs_of_Train()
    {
        var run = GeneratorHarness.Run(Grid);
        run.AssertClean();

        var loop = Assert.Single(Metadata(run.Output));
        Assert.Equal("Program.Train", loop.GetProperty("method").GetString());
        Assert.Equal(("Program.cs", 9), (loop.GetProperty("file").GetString(), loop.GetProperty("line").GetInt32()));
        Assert.Equal(6, loop.GetProperty("size").GetInt64());
        Assert.Equal("foreach, 3 \u00d7 2", loop.GetProperty("description").GetString());
    }

    [Fact]
    public void Helpers_are_followed_and_their_runs_multiplied_while_lambdas_and_unknown_sizes_are_not_guessed()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using CarbonAttrs;

            public static class Program
            {
                public static void Main(List<int> seeds)
                {
                    for (var i = 0; i < 4; i++)
                        RunTwice(i);
                    foreach (var seed in seeds)
                        Through.Three.Levels(seed);
                    for (var i = 0; i < 5; i++)
                        { System.Action later = () => Lab.Fit(i); } // defined per iteration, never run by the loop
                }

                private static void RunTwice(int i) { Lab.Fit(i); Lab.Fit(-i); }
            }

            public static class Through
            {
                public static class Three
                {
                    public static void Levels(int seed) => Two(seed);
                    private static void Two(int seed) => One(seed);
                    private static void One(int seed) => Lab.Fit(seed);
                }
            }

            public static class Lab
            {
                [TrackEmissions(Name = "lab.fit")]
                public static void Fit(int seed) { }
            }
            """);
        run.AssertClean();

        var loops = Metadata(run.Output);
        Assert.Collection(loops,
            twice =>
            {
                Assert.Equal(("lab.fit", 8, 8L), (twice.GetProperty("method").GetString(), twice.GetProperty("line").GetInt32(), twice.GetProperty("size").GetInt64()));
                Assert.Equal("for, 4 \u00d7 (1 + 1)", twice.GetProperty("description").GetString());
            },
            deep =>
            {
                Assert.Equal(("lab.fit", 10), (deep.GetProperty("method").GetString(), deep.GetProperty("line").GetInt32()));
                Assert.Equal(JsonValueKind.Null, deep.GetProperty("size").ValueKind);
            });
    }

    [Fact]
    public void A_top_level_loop_that_trains_through_a_local_function_is_listed()
    {
        // A newcomer's program: top-level statements, a static local function, a private tracked method of a static class.
        var tree = CSharpSyntaxTree.ParseText("""
            using CarbonAttrs;

            for (var epoch = 0; epoch < 3; epoch++)
                Epoch(epoch);

            static void Epoch(int epoch) => Lab.Run(epoch);

            static class Lab
            {
                public static void Run(int seed) => Fit(seed);

                [TrackEmissions]
                static void Fit(int seed) { }
            }
            """, GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Program.cs");
        var compilation = CSharpCompilation.Create("TopLevel", new[] { tree }, GeneratorHarness.References,
            GeneratorHarness.CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication));

        var run = GeneratorHarness.Run(compilation);

        var loop = Assert.Single(Metadata(run.Output));
        Assert.Equal(("Lab.Fit", 3, 3L, "for, 3"), (loop.GetProperty("method").GetString(), loop.GetProperty("line").GetInt32(),
            loop.GetProperty("size").GetInt64(), loop.GetProperty("description").GetString()));
    }

    [Fact]
    public void An_edit_that_adds_no_call_leaves_the_loop_names_unchanged_and_the_inventory_cached()
    {
        var first = GeneratorHarness.Run(Grid);
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "public static class Other { public static int Two() => 2; }", GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps[TrackingNames.LoopNames].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(second.TrackedSteps[TrackingNames.InventoryFile].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    private static List<JsonElement> Metadata(Compilation compilation) => InventoryMetadata.Read(compilation);
}
