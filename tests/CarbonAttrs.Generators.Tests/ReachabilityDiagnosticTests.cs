using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// What stays unmeasured, and says so: shapes C# interceptors cannot name on any framework (CARB101 naming the
/// shape), private targets on frameworks before .NET 10 (CARB101, fixed by PrivateTrackedMethodFixer), local
/// functions (CARB106). Calls unmeasured for want of access get their CARB101 from UnreachableTrackedCallAnalyzer
/// (the generator's verdict, reported by an analyzer so that code fixes and dotnet format see it), never twice.
/// </summary>
public sealed class ReachabilityDiagnosticTests
{
    [Fact]
    public void CARB101_names_the_shapes_no_interceptor_can_name_on_net10()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            namespace Reach.Unnameable;
            public sealed class Trainer
            {
                private sealed class Config { public int Epochs = 1; }
                private sealed class Model
                {
                    [TrackEmissions]
                    public int Forward(int x) => x;
                }
                private struct Counter
                {
                    [TrackEmissions]
                    public static int Limit(int n) => n;
                }
                [TrackEmissions]
                private static int Fit(Config config) => config.Epochs;
                [TrackEmissions]
                private static Config Load() => new();
                public static int Run() => new Model().Forward(1) + Counter.Limit(2) + Fit(Load());
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        var diagnostics = GeneratorHarness.AnalyzerDiagnostics(run.Input);
        Assert.All(diagnostics, d => Assert.Equal("CARB101", d.Id));
        Assert.Equal(new[] { "Forward", "Limit", "Fit", "Load" }, diagnostics.Select(run.TextAt));
        Assert.Collection(diagnostics,
            d => Assert.Contains("it is an instance method of the private type 'Trainer.Model': an interceptor's 'this' parameter must be that type", d.GetMessage()),
            d => Assert.Contains("static method of the private struct 'Trainer.Counter', which UnsafeAccessorType cannot reach", d.GetMessage()),
            d => Assert.Contains("its signature uses the type 'Trainer.Config', and 'Trainer.Config' is private: an interceptor must repeat the method's signature exactly", d.GetMessage()),
            d => Assert.Contains("its signature uses the type 'Trainer.Config'", d.GetMessage()));
        Assert.All(diagnostics, d => Assert.Contains("internal or use the partial-method pattern", d.GetMessage()));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void CARB106_for_a_tracked_local_function_in_a_top_level_program()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            using CarbonAttrs;
            var total = 0.0;
            foreach (var lr in new[] { 0.1, 0.01 })
                total += Fit(lr);
            System.Console.WriteLine(total);

            [TrackEmissions]
            static double Fit(double lr) => lr * 2;
            """, GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Program.cs");
        var compilation = CSharpCompilation.Create("TopLevel", new[] { tree }, GeneratorHarness.References,
            GeneratorHarness.CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication));
        var run = GeneratorHarness.Run(compilation);

        // Reported by the analyzer (so that its code fix is offered), not a second time by the generator.
        Assert.Empty(run.GeneratorDiagnostics);
        var diagnostic = Assert.Single(GeneratorHarness.AnalyzerDiagnostics(compilation));
        Assert.Equal("CARB106", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Equal("Fit", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("cannot be intercepted", diagnostic.GetMessage());
        Assert.Contains("move it into a static method of a class", diagnostic.GetMessage());
        Assert.EndsWith("docs/rules/CARB106.md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    public static TheoryData<string> OlderFrameworks => new() { "net8.0", "net9.0" };

    [Theory]
    [MemberData(nameof(OlderFrameworks))]
    public void Before_net10_private_targets_that_need_UnsafeAccessorType_keep_CARB101(string framework)
    {
        var references = (framework == "net8.0" ? Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>() : Basic.Reference.Assemblies.Net90.References.All)
            .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location));
        var tree = CSharpSyntaxTree.ParseText("""
            using CarbonAttrs;
            namespace Reach.Older;
            public static class Trainer
            {
                [TrackEmissions] static double Fit(double lr) => lr;
                private static class Kernels { [TrackEmissions] internal static int Fuse(int n) => n; }
                public static double Run() => Fit(0.1) + Kernels.Fuse(2);
            }
            public sealed class Model
            {
                [TrackEmissions] private int Forward(int x) => x;
                [TrackEmissions] private T Echo<T>(T value) => value;
                public int Run() => Forward(1) + Echo(2);
            }
            """, GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Program.cs");
        var compilation = CSharpCompilation.Create("Older", new[] { tree }, references, GeneratorHarness.CompilationOptions);
        var run = GeneratorHarness.Run(compilation);

        Assert.Empty(run.GeneratorDiagnostics);
        var diagnostics = GeneratorHarness.AnalyzerDiagnostics(run.Input);
        Assert.All(diagnostics, d => Assert.Equal("CARB101", d.Id));
        Assert.Equal(new[] { "Fit", "Fuse", "Echo" }, diagnostics.Select(run.TextAt));
        Assert.Collection(diagnostics,
            d => Assert.Contains("private member of a static class, which generated code can reach only through UnsafeAccessorType (.NET 10 or later)", d.GetMessage()),
            d => Assert.Contains("static method of the private type 'Trainer.Kernels', which generated code can reach only through UnsafeAccessorType (.NET 10 or later)", d.GetMessage()),
            d => Assert.Contains("private and generic, and generated code reaches generic members through UnsafeAccessor only on .NET 10 or later", d.GetMessage()));
        // A private instance method of a public class is still reached through UnsafeAccessor (.NET 8+).
        Assert.Contains("UnsafeAccessorKind.Method, Name = \"Forward\"", run.Interceptors, StringComparison.Ordinal);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
