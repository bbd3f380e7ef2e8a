using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CarbonAttrs.Generators.Diagnostics;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    // Declarations: the inventory of tracked methods and the partial-method pattern.
    internal static partial class Parser
    {
        // ---- declarations: inventory, partial pattern --------------------------------------------

        public static bool IsCandidateDeclaration(SyntaxNode node, CancellationToken cancellationToken)
            => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax;

        public static DeclarationResult ParseDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                return WithTorchArguments(ParseDeclarationCore(context, cancellationToken), context);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                return new DeclarationResult(null, null, null, DiagnosticInfo.Create(DiagnosticDescriptors.CannotWrapMethod, context.TargetNode.GetLocation(),
                    context.TargetSymbol.Name, "the generator met an unexpected case (" + ex.GetType().Name + ": " + ex.Message + ")"));
            }
        }

        private static DeclarationResult ParseDeclarationCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || !TryGetSettings(method, out var settings))
                return new DeclarationResult(null, null, null, null);
            var identifier = context.TargetNode switch
            {
                MethodDeclarationSyntax m => m.Identifier.GetLocation(),
                LocalFunctionStatementSyntax f => f.Identifier.GetLocation(),
                var other => other.GetLocation(),
            };
            // Displayed only for a diagnostic: a display reads the types of the whole signature (slow for large libraries).
            string Display() => method.ToDisplayString(MessageFormat);
            var location = LocationInfo.From(identifier);
            // A local function cannot be measured: TrackedLocalFunctionAnalyzer reports CARB106 (so that its code fix is offered).
            if (method.MethodKind == MethodKind.LocalFunction)
                return new DeclarationResult(location, null, null, null);

            var compilation = context.SemanticModel.Compilation;
            if (IteratorKindOf(method) is not IteratorKind.None and var iterator && WhyIteratorIsNotMeasured(iterator, compilation) is { } iteratorReason)
                return new DeclarationResult(location, null, null, IteratorDiagnostic(identifier, Display(), iteratorReason));

            // QualifiedName as the linked sweep detection names a sweep's method (SweepInventory: ContainingType display + name).
            var inventory = new InventoryEntry(settings.Name, Path.GetFileName(context.TargetNode.SyntaxTree.FilePath),
                identifier.GetLineSpan().StartLinePosition.Line + 1, settings.Summarize,
                method.ContainingType?.ToDisplayString() + "." + method.Name, settings.Experiment);
            if (context.TargetNode is not MethodDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
                || !method.IsPartialDefinition
                || method.PartialImplementationPart is not null)
                return new DeclarationResult(location, inventory, null, null);

            var core = FindCore(method);
            if (core is null)
            {
                return new DeclarationResult(location, inventory, null, DiagnosticInfo.Create(DiagnosticDescriptors.PartialWithoutCore, identifier,
                    Display(), method.Name + "Core"));
            }
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return new DeclarationResult(location, inventory, null, DiagnosticInfo.Create(DiagnosticDescriptors.CannotWrapMethod, identifier,
                    Display(), "it returns by reference"));
            }

            // An iterator Core: the implementation wraps what it returns, so each enumeration is measured. When the runtime
            // cannot, the declaration still needs its implementation: it forwards to the iterator, unmeasured.
            if (IteratorKindOf(core) is not IteratorKind.None and var coreIterator)
            {
                return WhyIteratorIsNotMeasured(coreIterator, compilation) is { } reason
                    ? new DeclarationResult(location, null, BuildPartial(method, declaration, settings) with { Unmeasured = true }, IteratorDiagnostic(identifier, Display(), reason))
                    : new DeclarationResult(location, inventory, BuildPartial(method, declaration, settings) with { Iterator = coreIterator }, null);
            }

            return new DeclarationResult(location, inventory, BuildPartial(method, declaration, settings), null);
        }

        private static DiagnosticInfo IteratorDiagnostic(Location identifier, string display, string reason)
            => DiagnosticInfo.Create(DiagnosticDescriptors.CannotWrapMethod, identifier, display, reason);

        private static IMethodSymbol? FindCore(IMethodSymbol method)
        {
            foreach (var candidate in method.ContainingType.GetMembers(method.Name + "Core").OfType<IMethodSymbol>())
            {
                if (candidate.Arity != method.Arity || candidate.IsStatic != method.IsStatic || candidate.Parameters.Length != method.Parameters.Length)
                    continue;
                var comparable = candidate.Arity > 0 ? candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray()) : candidate;
                var same = true;
                for (var i = 0; i < method.Parameters.Length && same; i++)
                {
                    same = comparable.Parameters[i].RefKind == method.Parameters[i].RefKind
                        && SymbolEqualityComparer.Default.Equals(comparable.Parameters[i].Type, method.Parameters[i].Type);
                }
                if (same)
                    return candidate;
            }
            return null;
        }

        private static PartialMethodModel BuildPartial(IMethodSymbol method, MethodDeclarationSyntax declaration, TrackingSettings settings)
        {
            var containing = new List<ContainingTypeModel>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                var prefix = (type.IsStatic ? "static " : "") + (type.IsReadOnly && type.IsValueType ? "readonly " : "") + (type.IsRefLikeType ? "ref " : "");
                var keyword = type.IsRecord ? (type.IsValueType ? "record struct" : "record")
                    : type.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
                var typeParameters = type.TypeParameters.IsEmpty ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
                containing.Insert(0, new ContainingTypeModel(prefix + "partial " + keyword, type.Name, typeParameters));
            }

            var key = method.GetDocumentationCommentId() ?? method.ToDisplayString();
            var hintName = "CarbonAttrs.Partial." + new string(key.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_').ToArray()) + ".g.cs";
            var ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            return new PartialMethodModel(
                HintName: hintName,
                Namespace: ns,
                ContainingTypes: containing.ToEquatableArray(),
                Modifiers: string.Join(" ", declaration.Modifiers.Select(m => m.Text)),
                ReturnType: method.ReturnsVoid ? "void" : TypeNames.FullyQualified(method.ReturnType),
                ReturnsVoid: method.ReturnsVoid,
                Async: AsyncKindOf(method.ReturnType),
                RecordsResult: settings.RecordResult && !settings.Summarize && IsNumeric(method.ReturnType),
                MethodName: method.Name,
                CoreName: method.Name + "Core",
                IsExtension: method.IsExtensionMethod,
                Parameters: method.Parameters.Select(p => ToModel(p, settings)).ToEquatableArray(),
                TypeParameters: method.TypeParameters.Select(ToModel).ToEquatableArray(),
                Settings: settings);
        }
    }
}
