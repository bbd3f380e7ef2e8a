using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

internal static partial class GeneratorHarness
{
    /// <summary>
    /// CARB101 from UnreachableTrackedCallAnalyzer (calls unmeasured for want of access), and AD0001 should it throw,
    /// in source order.
    /// </summary>
    public static IReadOnlyList<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new UnreachableTrackedCallAnalyzer());
        var diagnostics = compilation.WithAnalyzers(analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id is "CARB101" or "AD0001").OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }
}
