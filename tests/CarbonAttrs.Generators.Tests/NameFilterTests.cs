using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Call sites and method groups are bound only when their simple name is that of a tracked method (declared in
/// source or in a referenced assembly). The name set must cache across unrelated edits and follow related ones.
/// </summary>
public sealed class NameFilterTests
{
    private const string Library = """
        using CarbonAttrs;
        namespace Library;
        public static class Trainer
        {
            [TrackEmissions]
            public static int Fit(int epochs) => epochs;
            public static int Untracked(int epochs) => epochs;
        }
        """;

    private const string Consumer = """
        using System;
        using CarbonAttrs;
        namespace Consumer;
        public sealed class Model
        {
            [TrackEmissions]
            public int Step(int i) => i;
            public int Plain(int i) => i;
            public int Run()
            {
                Func<int, int> group = Plain;
                return Step(1) + Plain(2) + Library.Trainer.Fit(3) + Library.Trainer.Untracked(4) + group(5) + Math.Abs(-1);
            }
        }
        """;

    private static readonly MetadataReference LibraryReference =
        MetadataReference.CreateFromImage(GeneratorHarness.Emit(GeneratorHarness.CreateCompilation(Library, assemblyName: "Library")));

    [Fact]
    public void The_name_set_holds_tracked_methods_of_source_and_references_only()
    {
        var run = GeneratorHarness.Run(Consumer, extraReferences: new[] { LibraryReference });

        var names = SingleOutput<TrackedNameSet>(run.Result.Results.Single(), TrackingNames.TrackedMethodNames);
        Assert.Equal(new[] { "Fit", "Step" }, names.Names);
        Assert.Equal(new[] { "Step" }, SingleOutput<TrackedNameSet>(run.Result.Results.Single(), TrackingNames.SourceMethodNames).Names);
        Assert.Equal(new[] { "Fit" }, SingleOutput<TrackedNameSet>(run.Result.Results.Single(), TrackingNames.ReferencedMethodNames).Names);
        // Both tracked calls intercepted, none of the untracked ones.
        Assert.Equal(2, CountIntercepted(run.Interceptors));
        Assert.Contains("Fit", run.Interceptors);
        Assert.DoesNotContain("Untracked", run.Interceptors);
    }

    [Fact]
    public void After_an_unrelated_edit_the_name_sets_and_call_sites_are_cached_or_unchanged()
    {
        var first = GeneratorHarness.Run(Consumer, extraReferences: new[] { LibraryReference });
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Unrelated; public static class Other { public static int Two() => Consumer.Model.Equals(1, 2) ? 2 : 0; }",
            GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Other.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { TrackingNames.SourceMethodNames, TrackingNames.ReferencedMethodNames, TrackingNames.TrackedMethodNames, TrackingNames.CallSites })
        {
            var outputs = second.TrackedSteps[name].SelectMany(run => run.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {name} was {output.Reason}"));
        }
        Assert.Equal(2, second.TrackedSteps[TrackingNames.CallSites].SelectMany(run => run.Outputs).Count());
    }

    [Fact]
    public void A_method_that_becomes_tracked_is_intercepted_at_call_sites_in_unchanged_files()
    {
        const string caller = """
            namespace Consumer;
            public static class Caller
            {
                public static int Run() => Helpers.Compute(2) + Helpers.Compute(3);
            }
            """;
        const string helpers = """
            using CarbonAttrs;
            namespace Consumer;
            public static class Helpers
            {
                {ATTRIBUTE}
                public static int Compute(int x) => x * 2;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(caller, path: "Caller.cs")
            .AddSyntaxTrees(Parse(helpers.Replace("{ATTRIBUTE}", ""))));
        Assert.DoesNotContain(first.Result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));

        var old = first.Input.SyntaxTrees.Single(t => t.FilePath.EndsWith("Helpers.cs", StringComparison.Ordinal));
        var edited = first.Input.ReplaceSyntaxTree(old, Parse(helpers.Replace("{ATTRIBUTE}", "[TrackEmissions]")));
        var driver = first.Driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(new[] { "Compute" }, SingleOutput<TrackedNameSet>(result, TrackingNames.TrackedMethodNames).Names);
        var interceptors = result.GeneratedSources.Single(s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Equal(2, CountIntercepted(interceptors));
    }

    private static SyntaxTree Parse(string source)
        => CSharpSyntaxTree.ParseText(source, GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Helpers.cs", encoding: System.Text.Encoding.UTF8);

    private static T SingleOutput<T>(GeneratorRunResult result, string step)
        => Assert.IsType<T>(result.TrackedSteps[step].SelectMany(run => run.Outputs).Single().Value);

    private static int CountIntercepted(string interceptors)
        => interceptors.Split('\n').Count(line => line.Contains("InterceptsLocation(1,", StringComparison.Ordinal));
}
