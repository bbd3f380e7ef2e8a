using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.Generators;

/// <summary>
/// CARB101 for calls the generator leaves unmeasured only because generated code cannot reach a private or protected
/// declaration (a private member of a static class before .NET 10, an instance method of a private nested type, a private
/// type in the signature). The verdict is the generator's own (<see cref="TrackEmissionsGenerator.Parser.ParseCallSiteCore"/>),
/// but it is reported here, by an analyzer, because code fixes in <c>dotnet format</c> (and Fix All) only see analyzer
/// diagnostics; the generator reports every other CARB101 itself.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnreachableTrackedCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.CannotWrapMethod);

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
            // As in the generator, only invocations named like a tracked method are bound: names from referenced
            // assemblies (scanned once per assembly), and per name, whether a method declared in source carries the attribute.
            var referenced = TrackEmissionsGenerator.TrackedNames.FromReferences(start.Compilation, start.CancellationToken);
            var declaredInSource = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            start.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, referenced, declaredInSource), SyntaxKind.InvocationExpression);
        });
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, TrackedNameSet referenced, ConcurrentDictionary<string, bool> declaredInSource)
    {
        var syntax = (InvocationExpressionSyntax)context.Node;
        var name = TrackEmissionsGenerator.TrackedNames.InvokedName(syntax);
        if (name is null)
            return;
        var compilation = context.SemanticModel.Compilation;
        if (!referenced.Contains(name) && !declaredInSource.GetOrAdd(name, n => DeclaresTrackedMethod(compilation, n)))
            return;
        try
        {
            if (TrackEmissionsGenerator.Parser.ParseCallSiteCore(syntax, context.SemanticModel, context.CancellationToken) is { AccessReason: true, Diagnostic: { Location: { } at } diagnostic })
            {
                // A location in the syntax tree (not a path and span), so #pragma and suppressions apply as to any analyzer.
                var location = syntax.SyntaxTree.GetLocation(new TextSpan(at.Start, at.Length));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CannotWrapMethod, location, diagnostic.Arguments.Cast<object?>().ToArray()));
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // Never AD0001: the generator reports an unexpected case on this call itself (CARB101).
        }
    }

    /// <summary>A method of this name declared in source carries [TrackEmissions] (declaration table lookup, no body binding).</summary>
    private static bool DeclaresTrackedMethod(Compilation compilation, string name)
        => compilation.GetSymbolsWithName(name, SymbolFilter.Member).OfType<IMethodSymbol>()
            .Any(m => m.GetAttributes().Any(a => TrackEmissionsGenerator.Parser.IsTrackEmissions(a.AttributeClass)));
}
