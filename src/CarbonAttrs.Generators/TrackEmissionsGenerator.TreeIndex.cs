using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Which words each member of a tree mentions, read from the text: the generator walks the syntax of a member only
    /// when the member mentions a name that can matter (<see cref="ReadNames"/>).
    /// <para>
    /// Why: walking a tree's syntax makes Roslyn build a node object for every node of it (its red tree), and that was the
    /// larger half of the generator's time on a real project (docs/benchmarks.md, session 7), although the names that
    /// matter (tracked methods, their callers, training calls) appear in few members. A word here is a maximal run of
    /// identifier characters, held as a hash: a collision or a word in a comment or string can only make a member walked
    /// that need not be, never the reverse (a call names its method).
    /// </para>
    /// <para>One per version of a tree, compared by reference; member declarations (not their bodies) come from syntax.</para>
    /// </summary>
    internal sealed class TreeIndex
    {
        private readonly int[] _positions;
        private readonly int[] _hashes;

        private TreeIndex(SyntaxTree? tree, int[] positions, int[] hashes, ImmutableArray<IndexedMember> members, ImmutableArray<string> extensionNames)
        {
            Tree = tree;
            _positions = positions;
            _hashes = hashes;
            Members = members;
            ExtensionNames = extensionNames;
        }

        /// <summary>No tree is read (a project without tracked methods).</summary>
        public static readonly TreeIndex Empty = new(null, Array.Empty<int>(), Array.Empty<int>(), ImmutableArray<IndexedMember>.Empty, ImmutableArray<string>.Empty);

        public SyntaxTree? Tree { get; }

        /// <summary>The tree's methods (by name), for the call graph over mentions.</summary>
        public ImmutableArray<IndexedMember> Members { get; }

        /// <summary>
        /// Names of the tree's methods that can be called as extensions (a <c>this</c> first parameter, or a member of a C# 14
        /// extension block): a call <c>x.M()</c> is resolved without binding only when no source method named M is one
        /// (<see cref="CallCandidates"/>).
        /// </summary>
        public ImmutableArray<string> ExtensionNames { get; }

        public static TreeIndex Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var (positions, hashes) = Words(tree.GetText(cancellationToken), cancellationToken);
            var members = ImmutableArray.CreateBuilder<IndexedMember>();
            var extensionNames = ImmutableArray.CreateBuilder<string>();
            foreach (var node in Declarations(tree.GetRoot(cancellationToken)))
            {
                if (node is not MethodDeclarationSyntax method)
                    continue;
                members.Add(new IndexedMember(method.Identifier.ValueText, method.Span, method.Identifier.SpanStart));
                if (IsExtension(method))
                    extensionNames.Add(method.Identifier.ValueText);
            }
            return new TreeIndex(tree, positions, hashes, members.ToImmutable(), extensionNames.ToImmutable());
        }

        /// <summary>
        /// A member whose syntax the reader may skip: a member of a type (method, property, field, ...) or a top-level
        /// statement (all top-level statements are read, or none: see <see cref="TreeFacts.Read(TreeIndex, TrackedNameSet, CancellationToken)"/>).
        /// Types and namespaces are always entered (a primary constructor's base arguments are outside members).
        /// </summary>
        public static bool IsGated(SyntaxNode node)
            => node is GlobalStatementSyntax || (node is MemberDeclarationSyntax && node is not (BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))
               || IsGatedStatement(node);

        /// <summary>
        /// A statement of a block, but a local function (always read: a loop elsewhere in the method may call it): read
        /// only when it mentions a name that matters or a loop keyword (<see cref="LoopKeywords"/>).
        /// </summary>
        public static bool IsGatedStatement(SyntaxNode node) => node is StatementSyntax { Parent: BlockSyntax } and not LocalFunctionStatementSyntax;

        /// <summary>Words that start a loop: a statement that holds a loop is read whatever it calls (a loop's calls may reach a local function).</summary>
        public static readonly string[] LoopKeywords = { "for", "foreach", "while", "do" };

        /// <summary>
        /// Whether a member (<see cref="IsGated"/>) mentions one of <paramref name="names"/>, its own name aside: a method
        /// named like a tracked method (every <c>Train</c> of a project that tracks one) is walked only for what it calls.
        /// </summary>
        public bool MemberMentions(SyntaxNode member, NameHashes names)
            => Mentions(member.Span, names, OwnName(member));

        /// <summary>Whether the text in <paramref name="span"/> has a word among <paramref name="names"/>, the word at <paramref name="skip"/> aside.</summary>
        public bool Mentions(TextSpan span, NameHashes names, int skip = -1)
        {
            if (names.IsEmpty)
                return false;
            var index = Array.BinarySearch(_positions, span.Start);
            if (index < 0)
                index = ~index;
            for (; index < _positions.Length && _positions[index] < span.End; index++)
            {
                if (_positions[index] != skip && names.Contains(_hashes[index]))
                    return true;
            }
            return false;
        }

        /// <summary>An extension method, or a method of an extension block (known by its keyword: Roslyn 4.14 has no such kind).</summary>
        private static bool IsExtension(MethodDeclarationSyntax method)
            => (method.ParameterList.Parameters.Count > 0 && method.ParameterList.Parameters[0].Modifiers.Any(m => m.ValueText == "this"))
               || method.Parent is TypeDeclarationSyntax { Keyword.ValueText: "extension" };

        /// <summary>Where a member's own name starts (methods and properties), or -1.</summary>
        private static int OwnName(SyntaxNode member) => member switch
        {
            MethodDeclarationSyntax method => method.Identifier.SpanStart,
            PropertyDeclarationSyntax property => property.Identifier.SpanStart,
            _ => -1,
        };

        /// <summary>Namespaces, types and their member declarations: the syntax a compiler builds symbols from, no bodies.</summary>
        private static IEnumerable<SyntaxNode> Declarations(SyntaxNode root)
            => root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                .Where(static n => n is MemberDeclarationSyntax);

        private static (int[] Positions, int[] Hashes) Words(SourceText text, CancellationToken cancellationToken)
        {
            var positions = new List<int>(text.Length / 8);
            var hashes = new List<int>(text.Length / 8);
            var buffer = new char[4096];
            var inWord = false;
            var start = 0;
            var hash = 0;
            for (var offset = 0; offset < text.Length; offset += buffer.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(buffer.Length, text.Length - offset);
                text.CopyTo(offset, buffer, 0, count);
                for (var i = 0; i < count; i++)
                {
                    var c = buffer[i];
                    if (IsWordChar(c))
                    {
                        if (!inWord)
                        {
                            inWord = true;
                            start = offset + i;
                            hash = NameHashes.Seed;
                        }
                        hash = NameHashes.Step(hash, c);
                    }
                    else if (inWord)
                    {
                        inWord = false;
                        positions.Add(start);
                        hashes.Add(hash);
                    }
                }
            }
            if (inWord)
            {
                positions.Add(start);
                hashes.Add(hash);
            }
            return (positions.ToArray(), hashes.ToArray());
        }

        private static bool IsWordChar(char c)
            => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c > 127 && char.IsLetterOrDigit(c));
    }

    /// <summary>A method declared in a tree, with its span (attributes and signature included) and where its name is.</summary>
    internal readonly struct IndexedMember
    {
        public IndexedMember(string name, TextSpan span, int namePosition)
        {
            Name = name;
            Span = span;
            NamePosition = namePosition;
        }

        public string Name { get; }

        public TextSpan Span { get; }

        public int NamePosition { get; }
    }

    /// <summary>Hashes of a set of names, as <see cref="TreeIndex"/> hashes the words of a text.</summary>
    internal sealed class NameHashes
    {
        public const int Seed = unchecked((int)2166136261);

        private readonly HashSet<int> _hashes;

        public NameHashes(IEnumerable<string> names) => _hashes = new HashSet<int>(names.Select(Of));

        public bool IsEmpty => _hashes.Count == 0;

        public bool Contains(int hash) => _hashes.Contains(hash);

        public static int Step(int hash, char c) => unchecked((hash ^ c) * 16777619);

        public static int Of(string name)
        {
            var hash = Seed;
            foreach (var c in name)
                hash = Step(hash, c);
            return hash;
        }
    }

    /// <summary>
    /// The names whose mention makes a member worth reading: tracked methods, then, up to the analyzers' call depth, the
    /// methods that mention one of them. A superset of what the syntax call graph
    /// finds (a call mentions its method), so a member that mentions none of them cannot hold a call site, a method group,
    /// a call-graph edge or a loop that the generator uses.
    /// </summary>
    internal static class ReadNames
    {
        public static TrackedNameSet Of(ImmutableArray<TreeIndex> trees, TrackedNameSet tracked, CancellationToken cancellationToken)
        {
            if (tracked.Names.IsEmpty)
                return TrackedNameSet.Empty;
            var names = new HashSet<string>(tracked.Names, StringComparer.Ordinal);
            // The levels TrackedLoopParser.Callers follows: a loop naming the last level's methods mentions one of them.
            for (var level = 0; level < TrainingModel.MaxCallDepth; level++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hashes = new NameHashes(names);
                var added = new List<string>();
                foreach (var tree in trees)
                {
                    foreach (var member in tree.Members)
                    {
                        if (!names.Contains(member.Name) && tree.Mentions(member.Span, hashes, member.NamePosition))
                            added.Add(member.Name);
                    }
                }
                if (added.Count == 0)
                    break;
                names.UnionWith(added);
            }
            return TrackedNameSet.Create(names);
        }
    }
}
