using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

internal static partial class GeneratorHarness
{
    /// <summary>
    /// What the generator's assembly reports as analyzers, in source order: CARB101 from UnreachableTrackedCallAnalyzer
    /// (calls unmeasured for want of access), CARB106 from TrackedLocalFunctionAnalyzer, and AD0001 should either throw.
    /// </summary>
    public static IReadOnlyList<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new UnreachableTrackedCallAnalyzer(), new TrackedLocalFunctionAnalyzer());
        var diagnostics = compilation.WithAnalyzers(analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id is "CARB101" or "CARB106" or "AD0001").OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }
}
