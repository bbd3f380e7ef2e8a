using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
            var compilation = start.Compilation;
            // Projects that never mention the attribute pay nothing.
            if (compilation.GetTypeByMetadataName(KnownNames.TrackEmissionsAttribute) is null)
                return;
            // Whether a call is reachable depends on the method and the framework only, so the candidates are known up front:
            // tracked methods in source that generated code cannot reach, and names of tracked methods in referenced
            // assemblies (scanned once per assembly, as by the generator). Most projects have none, and then no
            // invocation is looked at.
            var unreachable = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in AttributedMethodNames(compilation, start.CancellationToken))
            {
                var unreachableMethod = compilation.GetSymbolsWithName(name, SymbolFilter.Member, start.CancellationToken).OfType<IMethodSymbol>()
                    .Any(m => m.GetAttributes().Any(a => TrackEmissionsGenerator.Parser.IsTrackEmissions(a.AttributeClass))
                        && TrackEmissionsGenerator.Parser.CannotReach(m, compilation));
                if (unreachableMethod)
                    unreachable.Add(name);
            }
            var referenced = TrackEmissionsGenerator.TrackedNames.FromReferences(compilation, start.CancellationToken);
            if (unreachable.Count == 0 && referenced.Names.IsEmpty)
                return;
            start.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, name => unreachable.Contains(name) || referenced.Contains(name)), SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>
    /// Names of methods declared in source with an attribute named <c>TrackEmissions</c> that are private or protected as
    /// written, or in such a type: a walk of the declarations only (no method body is visited, no symbol created); the
    /// symbols are then looked up by name.
    /// </summary>
    private static HashSet<string> AttributedMethodNames(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var declarations = tree.GetRoot(cancellationToken)
                .DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                .OfType<MethodDeclarationSyntax>();
            foreach (var declaration in declarations)
            {
                if (MayBeHidden(declaration)
                    && declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => AttributeName(a.Name) is "TrackEmissions" or "TrackEmissionsAttribute"))
                    names.Add(declaration.Identifier.ValueText);
            }
        }
        return names;
    }

    /// <summary>
    /// The method or one of its containing types is private or protected as written (no modifier: private, except in
    /// interfaces). Only such methods can be out of generated code's reach: a method cannot be more accessible than
    /// the types in its signature (CS0051), and public or internal members of public or internal types are called directly.
    /// </summary>
    private static bool MayBeHidden(MethodDeclarationSyntax method)
    {
        if (method.Parent is TypeDeclarationSyntax owner && IsHidden(method.Modifiers, defaultHidden: owner is not InterfaceDeclarationSyntax))
            return true;
        for (var type = method.Parent as TypeDeclarationSyntax; type is not null; type = type.Parent as TypeDeclarationSyntax)
        {
            if (type.Parent is TypeDeclarationSyntax && IsHidden(type.Modifiers, defaultHidden: true))
                return true;
        }
        return false;
    }

    private static bool IsHidden(SyntaxTokenList modifiers, bool defaultHidden)
    {
        if (modifiers.Any(SyntaxKind.PrivateKeyword) || (modifiers.Any(SyntaxKind.ProtectedKeyword) && !modifiers.Any(SyntaxKind.InternalKeyword)))
            return true;
        return defaultHidden && !modifiers.Any(SyntaxKind.PublicKeyword) && !modifiers.Any(SyntaxKind.InternalKeyword) && !modifiers.Any(SyntaxKind.ProtectedKeyword);
    }

    private static string? AttributeName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, Func<string, bool> isCandidate)
    {
        var syntax = (InvocationExpressionSyntax)context.Node;
        if (TrackEmissionsGenerator.TrackedNames.InvokedName(syntax) is not { } name || !isCandidate(name))
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
}
