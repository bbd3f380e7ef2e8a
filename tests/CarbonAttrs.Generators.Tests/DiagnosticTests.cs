using System.Collections.Immutable;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators.Tests;

/// <summary>CARB100–CARB103: when the generator cannot measure something, it says so at the right place.</summary>
public sealed class DiagnosticTests
{
    private const string TrackedCall = """
        using CarbonAttrs;
        namespace Diagnostics.Opt;
        public static class Work
        {
            [TrackEmissions]
            public static int Step(int i) => i;
            public static int Run() => Step(1);
        }
        """;

    [Fact]
    public void CARB100_when_interceptors_are_not_enabled_and_no_interceptor_is_emitted()
    {
        var run = GeneratorHarness.Run(TrackedCall, parseOptions: GeneratorHarness.DisabledParseOptions);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CARB100", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Descriptor.DefaultSeverity);
        Assert.Contains("<InterceptorsNamespaces>$(InterceptorsNamespaces);CarbonAttrs.Generated</InterceptorsNamespaces>", diagnostic.GetMessage());
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.DoesNotContain(run.Sources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
        // No wall of CS9137: the output compiles.
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void The_msbuild_property_made_visible_by_the_props_file_also_enables_interceptors()
    {
        var options = new BuildProperties(new Dictionary<string, string> { ["build_property.InterceptorsNamespaces"] = "Other.Namespace;CarbonAttrs.Generated" });

        var run = GeneratorHarness.Run(TrackedCall, parseOptions: GeneratorHarness.DisabledParseOptions, options: options);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(run.Sources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
    }

    [Fact]
    public void CARB101_for_calls_that_cannot_be_intercepted_with_the_reason()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using System.Linq.Expressions;
            using CarbonAttrs;
            namespace Diagnostics.Unwrappable;
            public class Base
            {
                [TrackEmissions]
                public virtual int Train(int epochs) => epochs;
            }
            public sealed class Derived : Base
            {
                public override int Train(int epochs) => base.Train(epochs) + 1;
            }
            public static class Statics
            {
                private static int _field;
                [TrackEmissions]
                public static ref int Slot() => ref _field;
                public static int Run()
                {
                    Expression<Func<int>> tree = () => new Base().Train(1);
                    return Slot() + tree.Parameters.Count;
                }
            }
            """);

        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.All(diagnostics, d => Assert.Equal("CARB101", d.Id));
        Assert.Collection(diagnostics,
            d => { Assert.Contains("'base.' call", d.GetMessage()); Assert.Equal(DiagnosticSeverity.Info, d.Severity); },
            d => Assert.Contains("expression tree", d.GetMessage()),
            d => Assert.Contains("returns by reference", d.GetMessage()));
        // Local functions (CARB106) and private members of static classes (measured on .NET 10): ReachabilityDiagnosticTests.
        Assert.Equal(new[] { "Train", "Train", "Slot" }, diagnostics.Select(d => run.TextAt(d)));
        Assert.All(diagnostics.Skip(1), d => Assert.NotEqual(DiagnosticSeverity.Info, d.Severity));
        // What could not be wrapped is left alone: the output still compiles.
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void CARB101_for_a_private_target_when_the_framework_has_no_UnsafeAccessor()
    {
        // A netstandard2.0 consumer: its framework has no UnsafeAccessorAttribute. The attribute is declared in
        // source (the generator recognises it by its full name) so the compilation needs nothing but netstandard.dll.
        var netstandard = Path.Combine(AppContext.BaseDirectory, "refs", "netstandard2.0", "netstandard.dll");
        Assert.True(File.Exists(netstandard), "netstandard.dll was not copied from the NETStandard.Library package: " + netstandard);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("""
            using CarbonAttrs;
            namespace CarbonAttrs { public sealed class TrackEmissionsAttribute : System.Attribute { } }
            namespace Diagnostics.NoAccessor
            {
                public sealed class Model
                {
                    [TrackEmissions]
                    private int Forward(int x) => x;
                    public int Run() => Forward(1);
                }
            }
            """, GeneratorHarness.EnabledParseOptions, path: "/src/consumer/Program.cs");
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("NetStandardConsumer", new[] { tree },
            new[] { MetadataReference.CreateFromFile(netstandard) }, GeneratorHarness.CompilationOptions);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var run = GeneratorHarness.Run(compilation);

        Assert.Empty(run.GeneratorDiagnostics); // a call unmeasured for want of access: reported by UnreachableTrackedCallAnalyzer
        var diagnostic = Assert.Single(GeneratorHarness.AnalyzerDiagnostics(compilation));
        Assert.Equal("CARB101", diagnostic.Id);
        Assert.Contains("no UnsafeAccessorAttribute", diagnostic.GetMessage());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void CARB102_for_a_method_group_or_delegate()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using System.Linq;
            using CarbonAttrs;
            namespace Diagnostics.Groups;
            public sealed class Model
            {
                [TrackEmissions]
                public int Predict(int x) => x;
                public int Run()
                {
                    Func<int, int> asDelegate = Predict;
                    var viaLinq = new[] { 1, 2 }.Select(this.Predict).Sum();
                    var name = nameof(Predict);
                    return asDelegate(1) + viaLinq + name.Length + Predict(0);
                }
            }
            """);

        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("CARB102", d.Id));
        Assert.Equal(new[] { "Predict", "this.Predict" }, diagnostics.Select(d => run.TextAt(d)));
        Assert.Contains("PredictCore", diagnostics[0].GetMessage());
        // The direct call is still intercepted.
        Assert.Contains(run.Sources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
    }

    [Fact]
    public void CARB103_for_a_partial_method_without_its_Core_method()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            namespace Diagnostics.NoCore;
            public sealed partial class Model
            {
                [TrackEmissions]
                public partial int Train(int epochs);
                private int TrainCore(string wrongParameters) => 0;
            }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CARB103", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'TrainCore'", diagnostic.GetMessage());
        Assert.Equal("Train", run.TextAt(diagnostic));
    }

    [Fact]
    public void CARB104_when_the_language_version_is_older_than_CSharp_11_and_nothing_is_emitted()
    {
        var old = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3)
            .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });
        var compilation = GeneratorHarness.CreateCompilation("""
            using CarbonAttrs;
            namespace Diagnostics.OldLanguage
            {
                public static class Work
                {
                    [TrackEmissions]
                    public static int Step(int i) => i;
                    public static int Run() => Step(1);
                }
            }
            """, parseOptions: old)
            .WithOptions(GeneratorHarness.CompilationOptions.WithNullableContextOptions(NullableContextOptions.Disable));

        var run = GeneratorHarness.Run(compilation);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CARB104", diagnostic.Id);
        Assert.Contains("C# 7.3", diagnostic.GetMessage());
        Assert.Equal("Step", run.TextAt(diagnostic));
        Assert.Empty(run.Sources);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }


    private sealed class BuildProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
