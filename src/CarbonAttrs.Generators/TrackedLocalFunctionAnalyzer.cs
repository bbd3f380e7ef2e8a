using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

/// <summary>
/// CARB106 at a <c>[TrackEmissions]</c> local function, which no generated code can measure (calls to local functions
/// cannot be intercepted, CS9207; a local function cannot be partial). Reported by an analyzer rather than the generator
/// so that its code fix (move it into a static class, <c>TrackedLocalFunctionFixer</c>) shows in the IDE and in
/// <c>dotnet format</c>, which never see generator diagnostics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TrackedLocalFunctionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.LocalFunctionNotMeasured);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Projects that never mention the attribute pay nothing.
            if (start.Compilation.GetTypeByMetadataName(KnownNames.TrackEmissionsAttribute) is null)
                return;
            start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.LocalFunctionStatement);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var function = (LocalFunctionStatementSyntax)context.Node;
        if (function.AttributeLists.Count == 0)
            return; // syntax first: most local functions carry no attribute and are not bound here
        if (context.SemanticModel.GetDeclaredSymbol(function, context.CancellationToken) is not IMethodSymbol method
            || !method.GetAttributes().Any(a => TrackEmissionsGenerator.Parser.IsTrackEmissions(a.AttributeClass)))
            return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LocalFunctionNotMeasured, function.Identifier.GetLocation(), method.Name));
    }
}
