using System.Reflection;
using System.Text.Json;
using CarbonAttrs.Generators.Model;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The assembly lists its sweeps as <c>CarbonAttrs.Sweep</c> metadata, found by the analyzers' sweep detection
/// (linked into the generator) in code that trains with TorchSharp's real API.
/// </summary>
public sealed class SweepInventoryTests
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
    public void Outermost_sweeps_are_listed_with_the_ledger_name_of_their_method_and_their_size()
    {
        var run = GeneratorHarness.Run(Training, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        var sweeps = Metadata(run.Output, "CarbonAttrs.Sweep");

        Assert.Collection(sweeps,
            grid =>
            {
                // The nest 3 × 4 is one sweep of 12 runs (the inner loop is counted in it, not listed again).
                Assert.Equal("lab.train", grid.GetProperty("method").GetString());
                Assert.Equal(("Program.cs", 9), (grid.GetProperty("file").GetString(), grid.GetProperty("line").GetInt32()));
                Assert.Equal(12, grid.GetProperty("size").GetInt64());
                Assert.Equal("foreach, 3 \u00d7 4", grid.GetProperty("description").GetString());
            },
            open =>
            {
                // Not tracked: named as the method is, so a later [TrackEmissions] with the default name matches.
                Assert.Equal("Lab.Untracked", open.GetProperty("method").GetString());
                Assert.Equal(12, open.GetProperty("line").GetInt32());
                Assert.Equal(JsonValueKind.Null, open.GetProperty("size").ValueKind);
                Assert.Equal("foreach, size unknown", open.GetProperty("description").GetString());
            });
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
    public void Without_a_tracked_method_no_loop_is_listed_and_no_sweep_is_searched()
    {
        var run = GeneratorHarness.Run(Training.Replace("[TrackEmissions(Name = \"lab.train\")]", ""), extraReferences: new[] { TorchSharp });

        Assert.Empty(Metadata(run.Output, "CarbonAttrs.Sweep"));
        Assert.Empty(TrackEmissionsGenerator.SweepParser.SearchedMembers(run.Input)); // no body was bound for the search
        var steps = run.Driver.GetRunResult().Results.Single().TrackedSteps;
        // The training code has two sweeps: the per-member step would list them if it searched a project with no tracked method.
        foreach (var step in new[] { TrackingNames.Sweeps, TrackingNames.TrackedLoops })
        {
            var outputs = steps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).ToList() : new();
            Assert.All(outputs, o => Assert.True(((MemberSweeps)o.Value).Sweeps.IsEmpty));
        }
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_sweep_inventory_unchanged_and_its_output_cached()
    {
        var first = GeneratorHarness.Run(Training, extraReferences: new[] { TorchSharp });
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "public static class Other { public static int Two() => 2; }", GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        // Members of the unchanged file are not bound again; the whole-compilation step (not configured) stays empty.
        var sweeps = second.TrackedSteps[TrackingNames.Sweeps].SelectMany(step => step.Outputs).ToList();
        Assert.NotEmpty(sweeps);
        Assert.All(sweeps, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(sweeps, output => Assert.IsType<CarbonAttrs.Generators.Model.MemberSweeps>(output.Value)); // plain data: strings and numbers
        Assert.All(second.TrackedSteps[TrackingNames.ConfiguredSweeps].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.All(second.TrackedSteps[TrackingNames.InventoryFile].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Configured_training_step_methods_find_the_sweeps_the_analyzers_find()
    {
        // Custom.Fit is a training step only because the project says so (carbonattrs.training_step_methods).
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Search
            {
                public static void Grid()
                {
                    for (int seed = 0; seed < 5; seed++)
                        Lab.Run(0.1 * seed);
                }
            }

            public static class Lab
            {
                public static void Run(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.Adam(model.parameters(), lr);
                    for (int epoch = 0; epoch < 10; epoch++)
                        Custom.Fit(model, optimizer);
                }
            }

            public static class Custom
            {
                public static void Fit(nn.Module model, optim.Optimizer optimizer) { }
            }
            """;

        var plain = GeneratorHarness.Run(source, extraReferences: new[] { TorchSharp });
        var configured = GeneratorHarness.Run(source, extraReferences: new[] { TorchSharp },
            options: new TreeOptions(new Dictionary<string, string> { ["carbonattrs.training_step_methods"] = "Custom.Fit" }));

        Assert.Empty(Metadata(plain.Output, "CarbonAttrs.Sweep"));
        var sweep = Assert.Single(Metadata(configured.Output, "CarbonAttrs.Sweep"));
        Assert.Equal(("Lab.Run", 8, 5L), (sweep.GetProperty("method").GetString(), sweep.GetProperty("line").GetInt32(), sweep.GetProperty("size").GetInt64()));
    }

    private static List<JsonElement> Metadata(Compilation compilation, string key) => InventoryMetadata.Read(compilation, key);

    /// <summary>The same options for every file, as an .editorconfig section <c>[*.cs]</c> gives them.</summary>
    private sealed class TreeOptions(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => new Options(new Dictionary<string, string>());
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
