using System.Reflection;
using System.Text.Json;
using CarbonAttrs.Generators.Model;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The per-member sweep search binds a body only when one of its loops calls a method that can run training, by name
/// (a syntax-only call graph from the training vocabulary up to the detector's call depth): the build-time cost of the
/// inventory in a project with a tracked method (issue 14, "Cost at build and in the IDE").
/// </summary>
public sealed class SweepSearchGateTests
{
    private static readonly MetadataReference TorchSharp = InventoryMetadata.TorchSharp;

    private const string Project = """
        using System;
        using System.Collections.Generic;
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Search
        {
            public static void Grid()
            {
                foreach (var lr in new[] { 0.1, 0.01 })
                    Lab.Train(lr);
            }

            public static void Seeds()
            {
                for (var seed = 0; seed < 3; seed++)
                    Lab.TrainPlain(seed);
            }
        }

        public static class Lab
        {
            [TrackEmissions(Name = "lab.train")]
            public static void Train(double lr)
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

            public static void TrainPlain(int seed)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.SGD(model.parameters(), 0.1);
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    optimizer.zero_grad();
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }
        }

        public static class Stats
        {
            public static int SumOfAbs(IEnumerable<int> values)
            {
                var sum = 0;
                foreach (var value in values)
                    sum += Math.Abs(value);
                return sum;
            }

            public static string Join(string[] parts)
            {
                var text = "";
                for (var i = 0; i < parts.Length; i++)
                    text += Format(parts[i]);
                return text;
            }

            private static string Format(string part) => part.Trim();
        }
        """;

    [Fact]
    public void Only_bodies_whose_loops_call_a_method_that_can_train_are_bound_for_sweeps()
    {
        var run = GeneratorHarness.Run(Project, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        var result = run.Driver.GetRunResult().Results.Single();
        // Grid's loop runs the tracked Train: the tracked-loop step lists it, so the sweep search does not bind it again.
        // Seeds' loop runs TrainPlain, which trains and reaches no tracked method: only the sweep search lists it.
        // Train's own loop calls only the vocabulary (forward, backward, step): it trains inline, which is no listed
        // sweep, so it is not bound either. Stats' loops call Math.Abs and Format, which train nothing.
        Assert.Equal(new[] { "Seeds" }, SearchedMembers(run));
        Assert.Equal(new[] { "Seeds" }, BoundInFull(run));
        Assert.Equal(new[] { "Grid", "Seeds", "Train", "TrainPlain" }, TrainingNames(result));
        var sweeps = Metadata(run.Output, "CarbonAttrs.Sweep");
        Assert.Equal(2, sweeps.Count);
        Assert.Equal(("lab.train", 2L), (sweeps[0].GetProperty("method").GetString(), sweeps[0].GetProperty("size").GetInt64()));
        Assert.Equal(("Lab.TrainPlain", 3L), (sweeps[1].GetProperty("method").GetString(), sweeps[1].GetProperty("size").GetInt64()));
    }

    [Fact]
    public void A_loop_calling_only_a_library_method_named_like_a_training_method_is_not_bound_in_full()
    {
        // 'train' is a training name (a source method of that name trains), so the name test lets Inline through: its
        // loop calls model.train(), TorchSharp's Module.train. Binding that one call shows no source method that trains
        // is run per iteration (Inline trains inline, which is never listed), so the body is not bound in full.
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Lab
            {
                [TrackEmissions] public static void Log() { }

                public static void train(int seed)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.SGD(model.parameters(), 0.1);
                    for (int epoch = 0; epoch < 2; epoch++)
                    {
                        optimizer.zero_grad();
                        model.forward(rand(8, 4)).sum().backward();
                        optimizer.step();
                    }
                }

                public static void Inline()
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.SGD(model.parameters(), 0.1);
                    for (int epoch = 0; epoch < 5; epoch++)
                    {
                        model.train();
                        optimizer.zero_grad();
                        model.forward(rand(8, 4)).sum().backward();
                        optimizer.step();
                    }
                }

                public static void Seeds()
                {
                    for (var seed = 0; seed < 3; seed++)
                        train(seed);
                }
            }
            """, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        Assert.Equal(new[] { "Inline", "Seeds" }, SearchedMembers(run));
        Assert.Equal(new[] { "Seeds" }, BoundInFull(run));
        var sweep = Assert.Single(Metadata(run.Output, "CarbonAttrs.Sweep"));
        Assert.Equal(("Lab.train", 3L), (sweep.GetProperty("method").GetString(), sweep.GetProperty("size").GetInt64()));
    }

    [Fact]
    public void Without_training_code_no_body_is_bound_for_sweeps()
    {
        // A tracked method and loops, but nothing calls the training vocabulary: the search binds nothing, and the loop over
        // the tracked method is still listed by the tracked-loop step.
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            public static class Plain
            {
                [TrackEmissions] public static int Work(int i) => i;
                public static int All() { var sum = 0; for (var i = 0; i < 10; i++) sum += Work(i); return sum; }
                public static int Other(int[] xs) { var sum = 0; foreach (var x in xs) sum += Twice(x); return sum; }
                private static int Twice(int x) => 2 * x;
            }
            """, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        var result = run.Driver.GetRunResult().Results.Single();
        Assert.Empty(SearchedMembers(run));
        Assert.Empty(TrainingNames(result));
        Assert.Equal("Plain.Work", Assert.Single(Metadata(run.Output, "CarbonAttrs.Sweep")).GetProperty("method").GetString());
    }

    [Fact]
    public void A_training_run_three_helpers_below_the_loop_is_still_found()
    {
        // The detector follows three call levels below the method run per iteration (TrainingModel.MaxCallDepth): the
        // name graph must reach as far, including a helper passed as a method group. Outer is not tracked, so only the
        // sweep search (not the tracked-loop step) can list the loop.
        var run = GeneratorHarness.Run("""
            using System;
            using CarbonAttrs;
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Sweep
            {
                public static void Run()
                {
                    for (var trial = 0; trial < 5; trial++)
                        Outer(trial);
                }

                public static void Outer(int trial) => Middle(trial);

                private static void Middle(int trial) => Apply(trial, Inner);

                private static void Apply(int trial, Action<int> action) => action(trial);

                private static void Inner(int trial) => Fit(0.01 * (trial + 1));

                // The project's tracked method (the search runs only in a project with one); not in the sweep.
                [TrackEmissions] public static void Report() { }

                private static void Fit(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.SGD(model.parameters(), lr);
                    for (int step = 0; step < 3; step++)
                    {
                        model.forward(rand(8, 4)).sum().backward();
                        optimizer.step();
                    }
                }
            }
            """, extraReferences: new[] { TorchSharp });
        run.AssertClean();

        var result = run.Driver.GetRunResult().Results.Single();
        Assert.Contains("Outer", TrainingNames(result));
        Assert.Contains("Run", SearchedMembers(run));
        var sweep = Assert.Single(Metadata(run.Output, "CarbonAttrs.Sweep"));
        Assert.Equal("Sweep.Outer", sweep.GetProperty("method").GetString());
        Assert.Equal(5, sweep.GetProperty("size").GetInt64());
    }

    /// <summary>The bodies the sweep search bound in this run, by method name, sorted.</summary>
    private static string[] SearchedMembers(GeneratorRun run)
        => TrackEmissionsGenerator.SweepParser.SearchedMembers(run.Input)
            .Select(node => node is MethodDeclarationSyntax method ? method.Identifier.ValueText : node.GetType().Name)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

    private static string[] BoundInFull(GeneratorRun run)
        => TrackEmissionsGenerator.SweepParser.MembersBoundInFull(run.Input)
            .Select(node => node is MethodDeclarationSyntax method ? method.Identifier.ValueText : node.GetType().Name)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The names the gate let through (none when the step did not run).</summary>
    private static string[] TrainingNames(GeneratorRunResult result)
        => result.TrackedSteps.TryGetValue(TrackingNames.TrainingNames, out var steps)
            ? ((TrackedNameSet)Assert.Single(Assert.Single(steps).Outputs).Value).Names.ToArray()
            : Array.Empty<string>();

    private static List<JsonElement> Metadata(Compilation compilation, string key) => InventoryMetadata.Read(compilation, key);
}
