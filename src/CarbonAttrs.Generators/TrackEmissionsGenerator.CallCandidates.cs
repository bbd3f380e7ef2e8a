using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The methods a call written with a simple name (<c>Train(...)</c>, <c>Train&lt;T&gt;(...)</c>) inside a type can bind to,
    /// read from the members of the enclosing types instead of by binding the call.
    /// <para>
    /// Why: binding a call binds the statement around it and every local its arguments read (a <c>var</c> local binds its
    /// initializer), and the first binding in a method builds that method's scopes. A tracked method's simple name is often a
    /// common one (<c>Train</c>, <c>Test</c>, <c>Run</c>), so most calls the name test lets through are another class's method
    /// of the same name (docs/benchmarks.md, session 9). Members are read from declarations only. Roslyn's
    /// <c>LookupSymbols</c> would answer the same, but it lists every name in scope first, all imported namespaces included,
    /// which costs more than binding the call.
    /// </para>
    /// <para>
    /// Why the answer is safe: a simple name never reaches an extension method, and before the enclosing types' members it can
    /// only mean something declared in the member (a local, parameter, local function, range variable) or a primary
    /// constructor's parameter; any declaration of the name there, or a member of that name that is not a method, and the
    /// call is bound as before. The answer is every accessible method of that name in every enclosing type and their bases:
    /// the language picks among the innermost ones, so the call binds to one of them or does not compile. None found (a
    /// <c>using static</c> import, or an error): bound as before.
    /// </para>
    /// </summary>
    internal static class CallCandidates
    {
        /// <summary>
        /// The methods a simple-name call can bind to (original definitions), or null when the lookup cannot tell (another
        /// form of call, a declaration of the name in the member, a member of that name that is not a method, top-level code):
        /// bind the call.
        /// </summary>
        public static ImmutableArray<IMethodSymbol>? Of(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (invocation.Expression is not (IdentifierNameSyntax or GenericNameSyntax))
                return null;
            var name = ((SimpleNameSyntax)invocation.Expression).Identifier.ValueText;
            if (EnclosingType(invocation, name) is not { } typeDeclaration
                || model.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not { } type)
                return null;

            var methods = new List<IMethodSymbol>();
            for (var scope = type; scope is not null; scope = scope.ContainingType)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in MembersNamed(scope, name))
                {
                    if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, scope) && !model.Compilation.IsSymbolAccessibleWithin(member, type))
                        continue;
                    if (member is not IMethodSymbol method)
                        return null;
                    methods.Add(method.OriginalDefinition);
                }
            }
            return methods.Count == 0 ? null : methods.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToImmutableArray();
        }

        /// <summary>
        /// The single method a simple-name call binds to when lookup finds exactly one that dispatch cannot change; else null
        /// (overloads, or a virtual method whose override the binder may name).
        /// </summary>
        public static IMethodSymbol? Single(ImmutableArray<IMethodSymbol>? candidates)
            => candidates is { Length: 1 } one && !MayDispatch(one[0]) ? one[0] : null;

        /// <summary>A method another can stand in for in binding or at run time: calls that may reach it are bound.</summary>
        public static bool MayDispatch(IMethodSymbol method) => method.IsVirtual || method.IsOverride || method.IsAbstract;

        /// <summary>
        /// The innermost type declaration around the call, or null when something nearer may declare <paramref name="name"/>
        /// (the member's own declarations, a primary constructor's parameters), or the call is in top-level code or in a C# 14
        /// extension block (whose members a simple name can reach with the receiver implied; known by its keyword, since the
        /// generator builds against a Roslyn without that syntax kind).
        /// </summary>
        private static TypeDeclarationSyntax? EnclosingType(SyntaxNode call, string name)
        {
            SyntaxNode? member = null;
            foreach (var ancestor in call.Ancestors())
            {
                switch (ancestor)
                {
                    case GlobalStatementSyntax:
                        return null;
                    case TypeDeclarationSyntax type:
                        if (type.Keyword.ValueText == "extension" || DeclaresName(type.ParameterList, name) || (member is not null && DeclaresName(member, name)))
                            return null;
                        return type;
                    case MemberDeclarationSyntax:
                        member = ancestor;
                        break;
                }
            }
            return null;
        }

        /// <summary>
        /// Whether a declaration in <paramref name="node"/> (of any kind: its name token is not a reference) is named
        /// <paramref name="name"/>. Only where the text spells the name are tokens read: walking every token of a member makes
        /// Roslyn build a node object for each of its nodes, which cost more than the lookup saved.
        /// </summary>
        private static bool DeclaresName(SyntaxNode? node, string name)
        {
            if (node is null)
                return false;
            var text = node.SyntaxTree.GetText().ToString(node.Span);
            if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
                return node.DescendantTokens().Any(token => IsDeclarationNamed(token, name)); // an escaped identifier
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                if (IsDeclarationNamed(node.FindToken(node.SpanStart + at), name))
                    return true;
            }
            return false;
        }

        private static bool IsDeclarationNamed(SyntaxToken token, string name)
            => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is not SimpleNameSyntax;

        /// <summary>Members named <paramref name="name"/> of a type and of the types it inherits from.</summary>
        private static IEnumerable<ISymbol> MembersNamed(INamedTypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                    yield return member;
            }
            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var inherited in type.AllInterfaces)
                {
                    foreach (var member in inherited.GetMembers(name))
                        yield return member;
                }
            }
        }
    }
}
