using System.Collections.Immutable;
using System.Reflection;
using CarbonAttrs.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>
/// References for ML.NET tests: the real Microsoft.ML 6.0 and FastTree metadata (compile-only) with the .NET 10 reference
/// assemblies and the CarbonAttrs runtime, and no TorchSharp, so the ML.NET vocabulary is shown to stand on its own.
/// </summary>
internal static class MlNetReferences
{
    public static ImmutableArray<MetadataReference> MlNet { get; } =
    [
        .. typeof(MlNetReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MlNetPaths").Value!
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Directory.GetFiles(directory, "*.dll"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    public static ImmutableArray<MetadataReference> All { get; } = [.. TestReferences.Framework, .. MlNet, TestReferences.CarbonAttrs];

    /// <summary>A console program compiled against ML.NET, for tests that run every analyzer or read the sweep inventory.</summary>
    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create(
            "MlNetSample",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/src/Program.cs")],
            All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Every CarbonAttrs diagnostic (ID and message) on <paramref name="source"/>, after asserting it compiles and no analyzer threw.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AllCarbonDiagnosticsAsync(string source)
    {
        var compilation = Compile(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        return [.. diagnostics.Where(d => d.Id.StartsWith("CARB", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start)];
    }
}

/// <summary>Analyzer and fix verification on ML.NET code (see <see cref="MlNetReferences"/>).</summary>
internal static class MlNetVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, null, expected);

    public static Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        Configure(test.TestState, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Checks the fix one diagnostic at a time (<paramref name="fixedSource"/>) and Fix All (<paramref name="fixAllSource"/>, the
    /// same when null): the two differ when the order of single fixes decides a name.
    /// </summary>
    public static Task VerifyFixAsync<TFixer>(string source, string fixedSource, string? equivalenceKey = null, string? fixAllSource = null, OutputKind? outputKind = null)
        where TFixer : CodeFixProvider, new()
    {
        var test = new FixTest<TFixer> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        Configure(test.TestState, null);
        Configure(test.FixedState, null);
        test.TestState.OutputKind = outputKind;
        test.FixedState.OutputKind = outputKind;
        if (fixAllSource is not null)
        {
            test.BatchFixedCode = fixAllSource;
            Configure(test.BatchFixedState, null);
        }

        return test.RunAsync();
    }

    private static void Configure(SolutionState state, string? editorConfig)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(MlNetReferences.All);
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Preview);
    }

    private sealed class FixTest<TFixer> : CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
        where TFixer : CodeFixProvider, new()
    {
        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Preview);
    }
}
