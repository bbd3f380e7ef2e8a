using System;
using System.Collections.Concurrent;
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

        /// <summary>A parameter of the type's primary constructor has the name (it is in scope in every member).</summary>
        public bool IsPrimaryParameter(string name) => PrimaryParameters?.Parameters.Any(p => p.Identifier.ValueText == name) == true;

        /// <summary>The member's own parameter (not a lambda's or a local function's).</summary>
        public bool IsOwnParameter(ParameterSyntax parameter) => parameter.Parent?.Parent == Member;

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
