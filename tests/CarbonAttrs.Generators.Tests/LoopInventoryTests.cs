using System.Text.Json;
using CarbonAttrs.Generators.Model;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The assembly lists the loops that run a tracked method as <c>CarbonAttrs.Sweep</c> metadata, in code that trains with
/// TorchSharp's real API. Sweeps whose training is not tracked are not the generator's: CARB001 reports them, and the
/// footprint runner lists them from the compiler's error log (CarbonAttrs.Footprint.Tests).
/// </summary>
public sealed class LoopInventoryTests
{
    private static readonly MetadataReference TorchSharp = InventoryMetadata.TorchSharp;

    private const string Training = """
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Search
        {
            public static void Grid(int[] seeds)
            {
                foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                    for (int seed = 0; seed < 4; seed++)
                        Lab.Train(lr + seed);
                foreach (var seed in seeds)
                    Lab.Untracked(seed);
            }
        }

        public static class Lab
        {
            [TrackEmissions(Name = "lab.train")]
            public static void Train(double lr) => Run(lr);

            public static void Untracked(double lr) => Run(lr);

            private static void Run(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
        }
        """;

    [Fact]
    public void Loops_of_tracked_methods_are_listed_with_their_ledger_name_and_size_and_untracked_sweeps_are_left_to_CARB001()
    {
        var run = GeneratorHarness.Run(Training, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        // The nest 3 × 4 is one sweep of 12 runs (the inner loop is counted in it, not listed again). The loop over
        // Lab.Untracked is a sweep too, but nothing tracked runs in it: the generator neither binds nor lists it.
        var grid = Assert.Single(Metadata(run.Output, "CarbonAttrs.Sweep"));
        Assert.Equal("lab.train", grid.GetProperty("method").GetString());
        Assert.Equal(("Program.cs", 9), (grid.GetProperty("file").GetString(), grid.GetProperty("line").GetInt32()));
        Assert.Equal(12, grid.GetProperty("size").GetInt64());
        Assert.Equal("foreach, 3 \u00d7 4", grid.GetProperty("description").GetString());
        Assert.Equal("lab.train", Assert.Single(Metadata(run.Output, "CarbonAttrs.TrackedMethod")).GetProperty("name").GetString());
    }

    [Fact]
    public void A_loop_that_calls_a_tracked_method_is_listed_without_training_code()
    {
        // Not a sweep (nothing trains), but a loop of known size over a tracked method: the footprint projects it too.
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            public static class Plain
            {
                [TrackEmissions] public static int Work(int i) => i;
                public static int All() { var sum = 0; for (var i = 0; i < 10; i++) sum += Work(i); return sum; }
            }
            """, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        var loop = Assert.Single(Metadata(run.Output, "CarbonAttrs.Sweep"));
        Assert.Equal("Plain.Work", loop.GetProperty("method").GetString());
        Assert.Equal(10, loop.GetProperty("size").GetInt64());
        Assert.Single(Metadata(run.Output, "CarbonAttrs.TrackedMethod"));
    }

    [Fact]
    public void Without_a_tracked_method_no_loop_is_listed_and_none_is_bound()
    {
        var run = GeneratorHarness.Run(Training.Replace("[TrackEmissions(Name = \"lab.train\")]", ""), extraReferences: new[] { TorchSharp });

        Assert.Empty(Metadata(run.Output, "CarbonAttrs.Sweep"));
        var steps = run.Driver.GetRunResult().Results.Single().TrackedSteps;
        // The training code has two sweeps and loops that call methods: with no tracked method no body is bound for them.
        var outputs = steps.TryGetValue(TrackingNames.TrackedLoops, out var runs) ? runs.SelectMany(r => r.Outputs).ToList() : new();
        Assert.Empty(outputs);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_loop_inventory_unchanged_and_its_output_cached()
    {
        var first = GeneratorHarness.Run(Training, extraReferences: new[] { TorchSharp });
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "public static class Other { public static int Two() => 2; }", GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        // Members of the unchanged file are not bound again.
        var loops = second.TrackedSteps[TrackingNames.TrackedLoops].SelectMany(step => step.Outputs).ToList();
        Assert.NotEmpty(loops);
        Assert.All(loops, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(loops, output => Assert.IsType<MemberSweeps>(output.Value)); // plain data: strings and numbers
        Assert.All(second.TrackedSteps[TrackingNames.InventoryFile].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    private static List<JsonElement> Metadata(Compilation compilation, string key) => InventoryMetadata.Read(compilation, key);
}
