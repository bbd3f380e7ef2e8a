using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>Plain Roslyn compilations for tests that need more than the testing library offers (telemetry, exceptions).</summary>
internal static class TestCompilation
{
    public static CSharpCompilation Create(string source, bool withTorchSharp = true, bool withCarbonAttrs = true)
    {
        var references = new List<MetadataReference>(TestReferences.Framework);
        if (withTorchSharp)
        {
            references.Add(TestReferences.TorchSharp);
        }

        if (withCarbonAttrs)
        {
            references.Add(TestReferences.CarbonAttrs);
        }

        return CSharpCompilation.Create(
            "Sample",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/src/Program.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
    [
        .. typeof(TrainingRuleAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    /// <summary>Runs every CarbonAttrs analyzer, collecting analyzer exceptions instead of turning them into AD0001.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions, CompilationWithAnalyzers Driver)> AnalyzeAsync(Compilation compilation)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true);
        var driver = compilation.WithAnalyzers(AllAnalyzers, options);
        var diagnostics = await driver.GetAllDiagnosticsAsync();
        return (diagnostics, exceptions, driver);
    }
}
