using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Collections.Concurrent;
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
    /// (<c>Train(...)</c>), the members of the enclosing types; for <c>x.Train(...)</c>, the members of x's type when that
    /// type is declared (<see cref="CallReceivers"/>: a type name, <c>this</c>, a parameter, a field or property).
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
            if (CallScope.Of(invocation) is not { } scope || scope.EnclosingType(model, cancellationToken) is not { } enclosing)
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

    /// <summary>
    /// Where a call sits: its innermost type declaration and the member of that type around it, or top-level code (the member
    /// is then the file, whose statements make one method of the program's type). None in a C# 14 extension block (whose
    /// members a simple name reaches with the receiver implied; known by its keyword).
    /// </summary>
    internal sealed class CallScope
    {
        private readonly int _typeScopePosition;

        private CallScope(TypeDeclarationSyntax? type, SyntaxNode? member, int typeScopePosition)
        {
            Type = type;
            Member = member;
            _typeScopePosition = typeScopePosition;
        }

        /// <summary>The type declaration, or null in top-level code.</summary>
        public TypeDeclarationSyntax? Type { get; }

        /// <summary>The member of <see cref="Type"/> holding the call (method, property, field, ...), or the file of top-level code.</summary>
        public SyntaxNode? Member { get; }

        /// <summary>
        /// Where names resolve as in the type's scope: the member's start (outside its body). In top-level code, the start of
        /// the statement around the call: locals and local functions are in scope there too, and are excluded by <see cref="Declares"/>.
        /// </summary>
        public int TypeScopePosition => _typeScopePosition;

        /// <summary>The primary constructor's parameters, if any.</summary>
        public ParameterListSyntax? PrimaryParameters => Type?.ParameterList;

        public static CallScope? Of(SyntaxNode call)
        {
            MemberDeclarationSyntax? member = null;
            foreach (var ancestor in call.Ancestors())
            {
                switch (ancestor)
                {
                    case GlobalStatementSyntax statement:
                        return statement.Parent is CompilationUnitSyntax unit ? new CallScope(null, unit, statement.SpanStart) : null;
                    case TypeDeclarationSyntax type:
                        return type.Keyword.ValueText == "extension" ? null : new CallScope(type, member, (member ?? (SyntaxNode)type).SpanStart);
                    case MemberDeclarationSyntax declaration:
                        member = declaration;
                        break;
                }
            }
            return null;
        }

        /// <summary>The type the call's simple names look in first: the declared type, or for top-level code the program's type.</summary>
        public INamedTypeSymbol? EnclosingType(SemanticModel model, CancellationToken cancellationToken)
            => Type is not null ? model.GetDeclaredSymbol(Type, cancellationToken)
                : model.Compilation.SourceModule.GlobalNamespace.GetTypeMembers(WellKnownMemberNames.TopLevelStatementsEntryPointTypeName, 0).FirstOrDefault();

        /// <summary>
        /// The member or the type's primary constructor declares <paramref name="name"/> (it may shadow the type's members).
        /// A missing name (broken code being typed) counts as declared: nothing is resolved from it.
        /// </summary>
        public bool Declares(string name) => name.Length == 0 || DeclaresName(PrimaryParameters, name) || DeclaresName(Member, name);

        /// <summary>
        /// The declarations of <paramref name="name"/> in the member (of any kind: the name token is not a reference); in
        /// top-level code, in its statements (not in the types the file also declares). Only where the text spells the name
        /// are tokens read: walking every token of a member makes Roslyn build a node object for each of its nodes, which cost
        /// more than the binding saved.
        /// </summary>
        public IEnumerable<SyntaxToken> DeclarationsInMember(string name)
        {
            var parts = Member switch
            {
                null => Enumerable.Empty<SyntaxNode>(),
                CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>(),
                var member => new[] { member },
            };
            foreach (var part in parts)
            {
                foreach (var token in DeclarationsIn(part, name))
                    yield return token;
            }
        }

        // Per member (or top-level statement) and name, its declarations: a member with many calls is read once per name.
        private static readonly ConditionalWeakTable<SyntaxNode, ConcurrentDictionary<string, ImmutableArray<SyntaxToken>>> Declared = new();

        private static ImmutableArray<SyntaxToken> DeclarationsIn(SyntaxNode part, string name)
            => name.Length == 0 ? ImmutableArray<SyntaxToken>.Empty
                : Declared.GetValue(part, static _ => new ConcurrentDictionary<string, ImmutableArray<SyntaxToken>>(StringComparer.Ordinal))
                    .GetOrAdd(name, n => ReadDeclarations(part, n));

        private static ImmutableArray<SyntaxToken> ReadDeclarations(SyntaxNode part, string name)
        {
            var text = part.SyntaxTree.GetText().ToString(part.Span);
            if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
            {
                // An escaped identifier: its text does not spell its name.
                return part.DescendantTokens().Where(token => IsDeclarationNamed(token, name)).ToImmutableArray();
            }
            var found = ImmutableArray.CreateBuilder<SyntaxToken>();
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                var token = part.FindToken(part.SpanStart + at);
                if (IsDeclarationNamed(token, name))
                    found.Add(token);
            }
            return found.ToImmutable();
        }

        /// <summary>
        /// A local or parameter named <paramref name="name"/> is in scope at <paramref name="position"/>: a simple name there
        /// means it, not a method. Only declarations whose scope is plain are counted (a parameter, a local of a declaration
        /// statement, <c>for</c> or <c>using</c>, a <c>foreach</c> or <c>catch</c> variable); others answer false (bind).
        /// </summary>
        public bool LocalInScope(string name, int position)
            => DeclarationsInMember(name).Any(token => PlainScope(token) is { } scope && scope.Span.Contains(position));

        private static SyntaxNode? PlainScope(SyntaxToken declaration) => declaration.Parent switch
        {
            ParameterSyntax { Parent.Parent: var owner } => owner,
            ForEachStatementSyntax loop => loop,
            CatchDeclarationSyntax catchDeclaration => catchDeclaration.Parent,
            VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax statement } => LocalScope(statement),
            VariableDeclaratorSyntax { Parent.Parent: var owner and (ForStatementSyntax or UsingStatementSyntax or FixedStatementSyntax) } => owner,
            _ => null,
        };

        /// <summary>Where a declaration statement's locals are in scope: its block, or all top-level code.</summary>
        public static SyntaxNode? LocalScope(LocalDeclarationStatementSyntax statement) => statement.Parent switch
        {
            BlockSyntax block => block,
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit,
            _ => null,
        };

        private bool DeclaresName(SyntaxNode? node, string name)
            => node is not null && (node == Member ? DeclarationsInMember(name).Any() : node.DescendantTokens().Any(token => IsDeclarationNamed(token, name)));

        private static bool IsDeclarationNamed(SyntaxToken token, string name)
            => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is not SimpleNameSyntax;
    }
}
