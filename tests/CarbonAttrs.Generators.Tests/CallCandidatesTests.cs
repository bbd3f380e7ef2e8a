using System.Text.Json;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Calls resolved from declarations instead of by binding (<c>CallCandidates</c>, <c>CallReceivers</c>): the method the
/// compiler binds is always among the candidates, the single candidate is the bound method, and whatever may shadow the
/// members or reach an extension leaves the call to the binder. End to end: a same-named method of another class is not
/// measured, the tracked one is, through a base class, a nested class, a <c>using static</c> import and an extension.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class CallCandidatesTests(TrackerFixture tracker)
{
    private const string Shapes = """
        using System;
        using CarbonAttrs;
        using static Cands.Imported;

        namespace Cands;

        public static class Imported
        {
            [TrackEmissions]
            public static int Calibrate(int x) => x;
        }

        public static class Extensions
        {
            public static int Stretch(this Model model, int x) => x;
        }

        public class Base
        {
            [TrackEmissions]
            protected int Fit(int x) => x;
            public virtual int Virt() => 0;
            private int Hidden() => 0;
        }

        public sealed class Other
        {
            public static int Twice(int x) => 2 * x;
            public int Inst() => 1;
        }

        public class Model(Func<int> Primary) : Base
        {
            private Model _field = null!;
            public Model Prop => this;
            public Func<int> Delegate = () => 0;
            public override int Virt() => 1;

            [TrackEmissions]
            public int Step(int x) => x;
            public int Step(string s) => s.Length;
            public int Unique() => 0;
            public static int Shared() => 0;
            public int Stretch(string s) => s.Length;

            public int Calls(Model param, Other other)
            {
                var local = new Model(() => 1);
                Func<int, int> Renamed = y => y;
                int Local(int y) => y;
                return Fit(1)
                    + Step(1) + Step("a")
                    + Unique()
                    + Virt()
                    + Delegate()
                    + Local(2)
                    + Calibrate(3)
                    + Primary()
                    + param.Unique()
                    + _field.Unique() + this._field.Unique() + Prop.Unique() + this.Unique()
                    + local.Unique()
                    + Other.Twice(2) + Cands.Other.Twice(3) + global::Cands.Other.Twice(4) + Model.Shared()
                    + other.Inst()
                    + param.Stretch(5)
                    + Renamed(6)
                    + Inner.Deep();
            }

            public int Locals()
            {
                Model typed = this;
                var made = Make();
                return typed.Unique() + made.Unique();
            }

            public int Generic<T>(T item) where T : Model
            {
                var list = new System.Collections.Generic.List<T>();
                return list.IndexOf(item);
            }

            private Model Make() => this;

            public int Solo() => 0;
            public int Shadowed()
            {
                int Solo() => 7;
                return Solo();
            }

            public class Inner
            {
                public static int Deep() => Shared() + Unique2();
            }

            private static int Unique2() => 0;
        }
        """;

    /// <summary>How each call of <see cref="Shapes"/> is resolved: "single" (no binding), "several" (bound when one is tracked), null (bound).</summary>
    private static readonly Dictionary<string, string?> Expected = new()
    {
        ["Fit(1)"] = "single",
        ["Step(1)"] = "several",
        ["Step(\"a\")"] = "several",
        ["Unique()"] = "single",
        ["Virt()"] = "several",             // the override and the virtual method it overrides
        ["Delegate()"] = null,              // a field: not a method
        ["Local(2)"] = null,                // declared in the member
        ["Calibrate(3)"] = null,            // only a using static import has it
        ["Primary()"] = null,               // a primary constructor's parameter
        ["param.Unique()"] = "single",
        ["_field.Unique()"] = "single",
        ["this._field.Unique()"] = "single",
        ["Prop.Unique()"] = "single",
        ["this.Unique()"] = "single",
        ["local.Unique()"] = "single",      // var local = new Model(...)
        ["typed.Unique()"] = "single",      // Model typed = ...
        ["made.Unique()"] = null,           // a var local whose type needs its initializer bound
        ["list.IndexOf(item)"] = null,      // its type names the method's type parameter
        ["Other.Twice(2)"] = "single",
        ["Cands.Other.Twice(3)"] = "single",
        ["global::Cands.Other.Twice(4)"] = "single",
        ["Model.Shared()"] = "single",
        ["other.Inst()"] = "single",
        ["param.Stretch(5)"] = null,        // a source extension method has the name
        ["Renamed(6)"] = null,              // a local
        ["Solo()"] = null,                  // a local function hides the method of that name
        ["Inner.Deep()"] = "single",
        ["Shared()"] = "single",            // from the nested class: the enclosing type's member
        ["Unique2()"] = "single",
    };

    [Fact]
    public void Every_candidate_set_holds_the_bound_method_and_the_single_candidate_is_it()
    {
        var seen = Resolve(GeneratorHarness.CreateCompilation(Shapes));
        foreach (var (call, expected) in Expected)
        {
            Assert.True(seen.ContainsKey(call), "no call " + call);
            Assert.True(expected == seen[call], $"{call}: expected {expected ?? "bound"}, was {seen[call] ?? "bound"}");
        }
    }

    [Fact]
    public void Top_level_code_resolves_its_calls_like_a_method_of_the_program_type()
    {
        var compilation = GeneratorHarness.CreateCompilation("""
            using System;
            using CarbonAttrs;

            var lab = new Lab();
            Func<int, int> Fit = x => x;
            int Local(int x) => x;
            var total = lab.Fit(1) + Lab.Shared(2) + Fit(3) + Local(4) + Helper(5) + Twice(6);
            foreach (var i in new[] { 1, 2 })
                total += lab.Fit(i);
            Console.WriteLine(total);

            static int Helper(int x) => x;

            public partial class Program
            {
                private static int Twice(int x) => 2 * x;
            }

            public class Lab
            {
                [TrackEmissions]
                public int Fit(int x) => x;
                public static int Shared(int x) => x;
            }
            """);
        compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
        var seen = Resolve(compilation);
        Assert.Equal("single", seen["lab.Fit(1)"]);
        Assert.Equal("single", seen["lab.Fit(i)"]);
        Assert.Equal("single", seen["Lab.Shared(2)"]);
        Assert.Equal("single", seen["Twice(6)"]);       // a member of the program's type
        Assert.Null(seen["Fit(3)"]);                    // a local delegate
        Assert.Null(seen["Local(4)"]);                  // a local function
        Assert.Null(seen["Helper(5)"]);
        Assert.Equal("several", seen["Console.WriteLine(total)"]);

        // Generated, compiled and counted: both calls of the tracked method are intercepted, the delegate's is not.
        var run = GeneratorHarness.Run(compilation);
        run.AssertClean();
        Assert.Equal(2, run.Interceptors.Split('\n').Count(line => line.Contains("InterceptsLocation(1,", StringComparison.Ordinal)));
    }

    /// <summary>Each call's resolution ("single", "several" or null), checked against what the compiler binds.</summary>
    private static Dictionary<string, string?> Resolve(Compilation compilation)
    {
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var seen = new Dictionary<string, string?>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var candidates = TrackEmissionsGenerator.CallCandidates.Of(invocation, model, CancellationToken.None);
                var single = TrackEmissionsGenerator.CallCandidates.Single(candidates);
                var text = invocation.ToString();
                seen[text] = candidates is null ? null : single is null ? "several" : "single";
                if (candidates is null || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol bound)
                    continue;
                var definition = (bound.ReducedFrom ?? bound).OriginalDefinition;
                Assert.True(candidates.Value.Contains(definition, SymbolEqualityComparer.Default), $"{text}: bound to {definition}, candidates {string.Join(", ", candidates.Value)}");
                if (single is not null)
                    Assert.Equal(definition, single, SymbolEqualityComparer.Default);
            }
        }
        return seen;
    }

    [Fact]
    public async Task Calls_with_a_missing_name_in_code_being_typed_are_left_to_the_binder()
    {
        // Top-level code and a method, each with a call whose name is missing (`lab.(...)`, `.Fit()` after a broken line):
        // an empty name once made the declaration search loop forever (the reliability fuzz found it).
        var compilation = GeneratorHarness.CreateCompilation("""
            using CarbonAttrs;

            var lab = new Lab();
            lab.(1);
            var y = .Fit(6);
            lab.Fit(2);

            public class Lab
            {
                [TrackEmissions]
                public int Fit(int x) => x;

                public int Broken(Lab other) => other.(3) + Fit(4) + .Fit(5);
            }
            """);
        compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
        // A TimeoutException here means the generator did not finish on broken code.
        var run = await Task.Run(() => GeneratorHarness.Run(compilation)).WaitAsync(TimeSpan.FromMinutes(2));
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                         .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "" } or MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "" } }))
                Assert.Null(TrackEmissionsGenerator.CallCandidates.Of(invocation, model, CancellationToken.None));
        }
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Id is "AD0001" or "CS8785"));
        Assert.Contains("Fit", run.Interceptors);
    }

    [Fact]
    public void The_oracle_holds_on_the_TorchSharp_sample()
    {
        // Real training code: every call the generator resolves from declarations binds to one of its candidates.
        var root = Path.Combine(RepositoryFiles.Root(), "samples", "CarbonAttrs.Samples.TorchSharp");
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), GeneratorHarness.EnabledParseOptions, path: f)).ToList();
        Assert.NotEmpty(trees);
        var compilation = GeneratorHarness.CreateCompilation("", extraReferences: new[] { InventoryMetadata.TorchSharp }).AddSyntaxTrees(trees);
        var resolved = 0;
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (TrackEmissionsGenerator.CallCandidates.Of(invocation, model, CancellationToken.None) is not { } candidates
                    || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol bound)
                    continue;
                resolved++;
                var definition = (bound.ReducedFrom ?? bound).OriginalDefinition;
                Assert.True(candidates.Contains(definition, SymbolEqualityComparer.Default), $"{invocation}: bound to {definition}");
                if (TrackEmissionsGenerator.CallCandidates.Single(candidates) is { } single)
                    Assert.Equal(definition, single, SymbolEqualityComparer.Default);
            }
        }
        Assert.True(resolved > 20, "only " + resolved + " calls resolved from declarations");
    }

    [Fact]
    public void Tracked_calls_are_measured_in_every_resolved_shape_and_same_named_methods_elsewhere_are_not()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using CarbonAttrs;
            using static Cands.Run.Tools;

            namespace Cands.Run;

            public static class Tools
            {
                [TrackEmissions]
                public static int Calibrate(int x) => x;
            }

            public static class LabExtensions
            {
                [TrackEmissions]
                public static int Boost(this Lab lab, int x) => x;
            }

            public class Lab
            {
                [TrackEmissions]
                public int Fit(int x) => x;
                // Not applicable to Boost(1): the extension is what the call binds to.
                public int Boost(string s) => s.Length;
                public int Pair(Lab other) => other.Fit(1) + Fit(2) + other.Boost(3) + Calibrate(4) + Shadow();

                // A local of the tracked method's name: the call is the delegate's, not measured.
                private static int Shadow()
                {
                    Func<int, int> Fit = x => 10000 * x;
                    return Fit(9);
                }
            }

            public class Other
            {
                public int Fit(int x) => 100 * x;
                public int Go() => Fit(5);
            }

            public class Derived : Lab
            {
                public int Go() => Fit(6);
            }

            public class Outer
            {
                [TrackEmissions]
                internal static int Score(int x) => x;

                public class Inner
                {
                    public int Go() => Score(7);
                }
            }

            public static class Program
            {
                public static int Run()
                {
                    Func<int, int> Fit = x => 1000 * x;
                    var lab = new Lab();
                    return lab.Pair(lab) + new Other().Go() + new Derived().Go() + new Outer.Inner().Go() + Fit(8);
                }
            }
            """);

        Assert.Equal(1 + 2 + 3 + 4 + 90000 + 500 + 6 + 7 + 8000, loaded.Invoke("Cands.Run.Program", "Run"));
        var measured = tracker.Measured("Cands.Run.").GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["Cands.Run.Lab.Fit"] = 3,
            ["Cands.Run.LabExtensions.Boost"] = 1,
            ["Cands.Run.Tools.Calibrate"] = 1,
            ["Cands.Run.Outer.Score"] = 1,
        }, measured);
    }

    [Fact]
    public void A_local_named_like_a_tracked_method_is_not_a_method_group_and_the_method_group_beside_it_is_reported()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using CarbonAttrs;

            public static class Lab
            {
                [TrackEmissions]
                public static int train(int[] data) => data.Length;

                public static int Run(int[] train)
                {
                    var total = Sum(train);
                    foreach (var test in new[] { train })
                        total += Sum(test);
                    Func<int[], int> group = Lab.train;
                    Func<int[], int> plain = train2;
                    return total + group(train) + plain(train);
                }

                public static Func<int[], int> Group() => train;

                private static int Sum(int[] values) => values.Length;
                private static int train2(int[] values) => values.Length;
            }
            """);

        // The parameter `train` passed around is not bound as a method group; both real method groups are reported.
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("CARB102", d.Id));
        Assert.Equal(new[] { "Lab.train", "train" }, run.GeneratorDiagnostics.Select(run.TextAt).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Loops_over_a_same_named_method_of_another_class_are_not_listed_and_type_name_calls_are_followed()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;

            public class Lab
            {
                [TrackEmissions]
                public static int Fit(int x) => x;
            }

            public class Other
            {
                public static int Fit(int x) => x;
                public static void Grid()
                {
                    for (var i = 0; i < 3; i++)
                        Fit(i);
                }
            }

            public static class Program
            {
                public static void Main()
                {
                    for (var i = 0; i < 4; i++)
                        Lab.Fit(i);
                    foreach (var seed in new[] { 1, 2 })
                        Sweeps.Helper(seed);
                }
            }

            public static class Sweeps
            {
                public static void Helper(int seed)
                {
                    for (var k = 0; k < 5; k++)
                        Lab.Fit(k + seed);
                }
            }
            """);
        run.AssertClean();

        var loops = InventoryMetadata.Read(run.Output)
            .Select(e => (e.GetProperty("method").GetString()!, e.GetProperty("line").GetInt32(), e.GetProperty("size").GetInt64()))
            .OrderBy(e => e.Item2).ToList();
        Assert.Equal(new[] { ("Lab.Fit", 23, 4L), ("Lab.Fit", 25, 10L), ("Lab.Fit", 34, 5L) }, loops);
    }
}
