using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The methods a call can bind to, read from declarations instead of by binding the call: for a simple name
    /// (<c>Train(...)</c>), the members of the enclosing types (<see cref="CallScope"/>; in top-level code, the program's
    /// type); for <c>x.Train(...)</c>, the members of x's type when the declarations give it (<see cref="CallReceivers"/>:
    /// <c>this</c>, a parameter, a field or property, a type name, a local whose declaration writes its type).
    /// <para>
    /// Why: binding a call binds the statement around it and every local its arguments read (a <c>var</c> local binds its
    /// initializer), and the first binding in a method builds that method's scopes. A tracked method's simple name is often a
    /// common one (<c>Train</c>, <c>Test</c>, <c>Run</c>, <c>train</c>), so most calls the name test lets through are another
    /// class's method of the same name, or TorchSharp's <c>Module.train()</c> (docs/benchmarks.md, session 9). Roslyn's
    /// <c>LookupSymbols</c> would answer the simple-name case too, but it lists every name in scope first, imported
    /// namespaces included, which costs more than binding the call.
    /// </para>
    /// <para>
    /// Why the answer is safe: the method a call binds to is a member of the type searched or of a type it inherits from
    /// (the answer holds all of them, overrides and hidden ones included), or an extension method. A simple name never
    /// reaches an extension method; for <c>x.M(...)</c> the answer is given only when no source method named M, and no
    /// tracked method of a reference, can be called as an extension (<see cref="ExtensionReachable"/>). Whatever may shadow
    /// the members (a declaration of the name in the member, a primary constructor's parameter, a member of that name that
    /// is not a method) makes the answer null: the call is bound as before. So is every other form of call.
    /// </para>
    /// </summary>
    internal static class CallCandidates
    {
        // Per compilation: the names that can be reached as extensions (source methods, tracked methods of references).
        private static readonly ConditionalWeakTable<Compilation, HashSet<string>> Extensions = new();

        /// <summary>The methods (original definitions) a call can bind to, or null when declarations cannot tell: bind it.</summary>
        public static ImmutableArray<IMethodSymbol>? Of(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Other forms of call are bound: nothing is looked up for them.
            if (invocation.Expression is not (IdentifierNameSyntax or GenericNameSyntax) && !invocation.Expression.IsKind(SyntaxKind.SimpleMemberAccessExpression)
                || CallScope.Of(invocation) is not { } scope || scope.EnclosingType(model, cancellationToken) is not { } enclosing)
                return null;
            switch (invocation.Expression)
            {
                case IdentifierNameSyntax or GenericNameSyntax:
                    var name = ((SimpleNameSyntax)invocation.Expression).Identifier.ValueText;
                    return scope.Declares(name) ? null : Methods(ScopeMembers(enclosing, name, model.Compilation));
                case MemberAccessExpressionSyntax { Name: var member } access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    var method = member.Identifier.ValueText;
                    if (method.Length == 0 || ExtensionReachable(method, model.Compilation, cancellationToken)
                        || CallReceivers.TypeOf(access.Expression, scope, enclosing, model, cancellationToken) is not { } receiver)
                        return null;
                    return Methods(MembersNamed(receiver, method));
                default:
                    return null;
            }
        }

        /// <summary>
        /// As <see cref="Of"/>, for calls no extension method can answer: a simple name, or a method of a type name
        /// (<c>TrainingProgress.Run(...)</c>). Then the answer is every method the call can bind to, whatever its name, as the
        /// expression-tree test (<see cref="ExpressionTrees"/>) needs; null for any other call.
        /// </summary>
        public static ImmutableArray<IMethodSymbol>? OfNonExtensionCall(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (invocation.Expression is IdentifierNameSyntax or GenericNameSyntax)
                return Of(invocation, model, cancellationToken);
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: { Length: > 0 } method } } access
                || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
                || CallScope.Of(invocation) is not { } scope || scope.EnclosingType(model, cancellationToken) is not { } enclosing
                || CallReceivers.TypeNamed(access.Expression, scope, enclosing, model, cancellationToken) is not { } type)
                return null;
            return Methods(MembersNamed(type, method));
        }

        /// <summary>The single method a call binds to when declarations leave exactly one; else null (overloads, overrides).</summary>
        public static IMethodSymbol? Single(ImmutableArray<IMethodSymbol>? candidates) => candidates is { Length: 1 } one ? one[0] : null;

        /// <summary>
        /// Every accessible member named <paramref name="name"/> of the enclosing types (innermost first) and of the types they
        /// inherit from: what a simple name can mean once nothing in the member declares it.
        /// </summary>
        internal static IEnumerable<ISymbol> ScopeMembers(INamedTypeSymbol enclosing, string name, Compilation compilation)
        {
            for (var scope = enclosing; scope is not null; scope = scope.ContainingType)
            {
                foreach (var member in MembersNamed(scope, name))
                {
                    if (SymbolEqualityComparer.Default.Equals(member.ContainingType, scope) || compilation.IsSymbolAccessibleWithin(member, enclosing))
                        yield return member;
                }
            }
        }

        /// <summary>The one member of that name in scope (<see cref="ScopeMembers"/>), or null when there is none or more.</summary>
        internal static ISymbol? OnlyScopeMember(INamedTypeSymbol enclosing, string name, Compilation compilation)
            => ScopeMembers(enclosing, name, compilation).Take(2).ToList() is { Count: 1 } members ? members[0] : null;

        /// <summary>Members named <paramref name="name"/> of a type and of the types it inherits from.</summary>
        internal static IEnumerable<ISymbol> MembersNamed(ITypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                    yield return member;
            }
            foreach (var inherited in type.AllInterfaces)
            {
                foreach (var member in inherited.GetMembers(name))
                    yield return member;
            }
        }

        /// <summary>The methods among <paramref name="members"/>, or null when there are none or something else has the name.</summary>
        private static ImmutableArray<IMethodSymbol>? Methods(IEnumerable<ISymbol> members)
        {
            var methods = new List<IMethodSymbol>();
            foreach (var member in members)
            {
                if (member is not IMethodSymbol method)
                    return null;
                methods.Add(method.OriginalDefinition);
            }
            return methods.Count == 0 ? null : methods.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToImmutableArray();
        }

        /// <summary>
        /// Whether <c>x.<paramref name="name"/>(...)</c> may bind to an extension that matters: a source method of that name
        /// declared as an extension (a helper or training method the generator follows), or a tracked one of a reference.
        /// </summary>
        internal static bool ExtensionReachable(string name, Compilation compilation, CancellationToken cancellationToken)
            => Extensions.GetValue(compilation, c => ExtensionNames(c, cancellationToken)).Contains(name);

        // Source methods from each tree's index (kept per tree: read once per version), read-only once built.
        private static HashSet<string> ExtensionNames(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(TrackedNames.ReferencedExtensionNames(compilation, cancellationToken).Names, StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
                names.UnionWith(TreeReading.IndexOf(tree, cancellationToken).ExtensionNames);
            return names;
        }

        /// <summary>
        /// A method of a reference that can be called as an extension: an extension method, or a member of a C# 14 extension
        /// block (whose containing type is neither a class, a struct nor an interface: the generator builds against a Roslyn
        /// that cannot name that kind).
        /// </summary>
        internal static bool IsExtensionLike(IMethodSymbol method)
            => method.IsExtensionMethod || method.ContainingType?.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface);
    }
}
