using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Reliability.Tests.Compilers;

/// <summary>Runs the generator and the analyzers over one compilation and collects anything they threw.</summary>
internal static class ComponentRun
{
    /// <summary>Problems: generator exceptions (CS8785 and the driver's own record) and analyzer exceptions (AD0001).</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<SyntaxTree> trees, string name)
    {
        var problems = new List<string>();
        var compilation = CSharpCompilation.Create(name, trees, CompilerComponents.References, CompilerComponents.CompilationOptions);

        GeneratorDriver driver = CSharpGeneratorDriver.Create(CompilerComponents.Generators, parseOptions: CompilerComponents.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
        foreach (var result in driver.GetRunResult().Results)
        {
            if (result.Exception is not null)
                problems.Add($"generator threw: {result.Exception}");
        }
        problems.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => d.ToString()));

        if (!CompilerComponents.Analyzers.IsEmpty)
        {
            var exceptions = new ConcurrentQueue<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (ex, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name} threw: {ex}"),
                concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            var diagnostics = withGenerated.WithAnalyzers(CompilerComponents.Analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            problems.AddRange(exceptions);
            problems.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
        }
        return problems;
    }
}
