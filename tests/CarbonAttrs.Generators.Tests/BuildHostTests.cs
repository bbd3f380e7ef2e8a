using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// What the generator does for the host that runs it (issue 14, "Cost at build and in the IDE"): the reading and binding
/// steps run per tree in parallel only when the compilation allows a concurrent build, with the same output either way; an
/// edit reads only the edited tree; and a host that skips implementation outputs (an editor) skips the inventory's
/// searches, not the diagnostics.
/// </summary>
public sealed class BuildHostTests
{
    /// <summary>Six files, each with a tracked method, loops over it (recursive helpers too), a training sweep and a partial-pattern method.</summary>
    private static CSharpCompilation Project(bool concurrentBuild, CSharpParseOptions? parseOptions = null)
    {
        var trees = Enumerable.Range(1, 6).Select(i => CSharpSyntaxTree.ParseText($$"""
            using CarbonAttrs;
            using TorchSharp;
            using static TorchSharp.torch;

            public static partial class Lab{{i}}
            {
                [TrackEmissions(Name = "lab{{i}}.train")]
                public static double Train(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.SGD(model.parameters(), lr);
                    for (int epoch = 0; epoch < {{i}}; epoch++)
                    {
                        optimizer.zero_grad();
                        model.forward(rand(8, 4)).sum().backward();
                        optimizer.step();
                    }
                    return lr;
                }

                public static double TrainPlain(int seed)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.SGD(model.parameters(), 0.1);
                    for (int epoch = 0; epoch < 2; epoch++)
                    {
                        optimizer.zero_grad();
                        model.forward(rand(8, 4)).sum().backward();
                        optimizer.step();
                    }
                    return seed;
                }

                public static double Grid()
                {
                    var best = 0.0;
                    foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                        for (var repeat = 0; repeat < {{i}}; repeat++)
                            best = System.Math.Max(best, Train(lr));
                    for (var seed = 0; seed < {{i + 1}}; seed++)
                        best = System.Math.Max(best, TrainPlain(seed));
                    return best;
                }

                // Helpers that call each other: a finder's cache depends on the order it counts loops in.
                private static double Ping(int n)
                {
                    var r = 0.0;
                    for (var k = 0; k < 2; k++)
                        r += n > 0 ? Pong(n - 1) : Train(0.5);
                    return r;
                }

                private static double Pong(int n)
                {
                    var r = 0.0;
                    for (var k = 0; k < 3; k++)
                        r += Ping(n);
                    return r;
                }

                [TrackEmissions]
                public static partial void Evaluate();
                private static void EvaluateCore() { }
            }
            """, parseOptions ?? GeneratorHarness.EnabledParseOptions, path: $"/src/consumer/Lab{i}.cs", encoding: System.Text.Encoding.UTF8));
        return CSharpCompilation.Create("Consumer_" + Guid.NewGuid().ToString("N"), trees,
            GeneratorHarness.References.Add(InventoryMetadata.TorchSharp),
            GeneratorHarness.CompilationOptions.WithConcurrentBuild(concurrentBuild));
    }

    private static GeneratorDriver Drive(CSharpCompilation compilation, IncrementalGeneratorOutputKind disabled)
        => CSharpGeneratorDriver.Create(new[] { new TrackEmissionsGenerator().AsSourceGenerator() },
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(disabled, trackIncrementalGeneratorSteps: true))
            .RunGenerators(compilation);

    private static string[] Texts(GeneratorDriver driver)
        => driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToArray();

    [Fact]
    public void Parallel_and_single_threaded_builds_generate_the_same_text()
    {
        var single = Texts(Drive(Project(concurrentBuild: false), IncrementalGeneratorOutputKind.None));
        // The inventory has every file's loops over its tracked method, in file order (the sweep of untracked training is
        // CARB001's, not listed here), and the interceptors every call.
        var inventory = single.Single(t => t.StartsWith("CarbonAttrs.Inventory", StringComparison.Ordinal)).Split('\n');
        Assert.Equal(Enumerable.Range(1, 6).SelectMany(i => new[] { $"lab{i}.train", $"lab{i}.train", $"lab{i}.train" }),
            inventory.Where(l => l.Contains("\"CarbonAttrs.Sweep\"", StringComparison.Ordinal))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"method\\"":\\""([^\\]+)").Groups[1].Value));
        var interceptors = single.Single(t => t.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
        Assert.Equal(12, System.Text.RegularExpressions.Regex.Matches(interceptors, @"InterceptsLocation\(1, ").Count);

        // Repeated, as scheduling differs from run to run.
        for (var run = 0; run < 5; run++)
            Assert.Equal(single, Texts(Drive(Project(concurrentBuild: true), IncrementalGeneratorOutputKind.None)));
    }

    [Fact]
    public void Trees_are_read_in_parallel_and_an_edit_reads_only_the_edited_tree_again()
    {
        var compilation = Project(concurrentBuild: true);
        var first = Drive(compilation, IncrementalGeneratorOutputKind.None);
        var edited = compilation.SyntaxTrees.ElementAt(2);
        var second = first.RunGenerators(compilation.ReplaceSyntaxTree(edited,
            edited.WithChangedText(edited.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(edited.Length, 0), "\n// edited\n")))));

        var (indexesBefore, factsBefore) = Reading(first);
        var (indexesAfter, factsAfter) = Reading(second);
        Assert.Equal(6, indexesAfter.Length);
        Assert.Equal(6, factsAfter.Length);
        for (var i = 0; i < 6; i++)
        {
            // The same objects for the five trees that did not change: not read again.
            Assert.Equal(i != 2, ReferenceEquals(indexesBefore[i], indexesAfter[i]));
            Assert.Equal(i != 2, ReferenceEquals(factsBefore[i], factsAfter[i]));
        }
        // The same output, but for the edited file's checksum in its interceptors' locations.
        Assert.Equal(Texts(first).Select(GeneratorHarness.Scrub), Texts(second).Select(GeneratorHarness.Scrub));
    }

    [Fact]
    public void A_new_compilation_of_the_same_trees_leaves_the_reading_unchanged()
    {
        var compilation = Project(concurrentBuild: true);
        var first = Drive(compilation, IncrementalGeneratorOutputKind.None);
        var second = first.RunGenerators(compilation.WithAssemblyName("Renamed")).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.TreeIndex, TrackingNames.ReadNames, TrackingNames.TreeFacts })
        {
            var reason = Assert.Single(Assert.Single(second.TrackedSteps[step]).Outputs).Reason;
            Assert.True(reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"{step} was {reason}");
        }
    }

    /// <summary>The text indexes and the syntax facts of a run, per tree in the compilation's order (plain objects, compared by reference).</summary>
    private static (object[] Indexes, object[] Facts) Reading(GeneratorDriver driver)
    {
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        object[] Values(string step) => ((System.Collections.IEnumerable)Assert.Single(Assert.Single(steps[step]).Outputs).Value).Cast<object>().ToArray();
        return (Values(TrackingNames.TreeIndex), Values(TrackingNames.TreeFacts));
    }

    [Fact]
    public void A_host_that_skips_implementation_outputs_skips_the_inventory_search_and_keeps_the_diagnostics()
    {
        // Without the interceptors opt-in: CARB100 is reported at the first tracked call, by a regular output.
        var withoutOptIn = Project(concurrentBuild: true, GeneratorHarness.DisabledParseOptions);

        var editor = Drive(withoutOptIn, IncrementalGeneratorOutputKind.Implementation).GetRunResult().Results.Single();
        var build = Drive(withoutOptIn, IncrementalGeneratorOutputKind.None).GetRunResult().Results.Single();

        // The build runs the tracked-loop search and writes the inventory; the editor does neither.
        Assert.Contains(TrackingNames.TrackedLoops, build.TrackedSteps.Keys);
        Assert.Contains(build.GeneratedSources, s => s.HintName.StartsWith("CarbonAttrs.Inventory", StringComparison.Ordinal));
        Assert.DoesNotContain(TrackingNames.TrackedLoops, editor.TrackedSteps.Keys);
        Assert.DoesNotContain(TrackingNames.InventoryFile, editor.TrackedSteps.Keys);
        Assert.DoesNotContain(editor.GeneratedSources, s => s.HintName.StartsWith("CarbonAttrs.Inventory", StringComparison.Ordinal));

        // What user code can see stays: the partial-pattern implementations, and the diagnostics at the calls.
        Assert.Equal(6, editor.GeneratedSources.Count(s => s.HintName.Contains("Evaluate", StringComparison.Ordinal)));
        Assert.Equal(build.Diagnostics.Select(d => d.ToString()), editor.Diagnostics.Select(d => d.ToString()));
        Assert.Equal("CARB100", Assert.Single(editor.Diagnostics).Id);
    }
}
