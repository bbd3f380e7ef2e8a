using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// What the generator reads from one syntax tree, syntax only, in one walk: the calls and method groups that may use a
    /// tracked method (by simple name), and per member the names it calls and the names its loops call.
    /// <para>
    /// Why per tree and not syntax providers: a syntax provider walks every tree once per provider, and its transform runs
    /// again for every matching node at every compilation (every keystroke in an IDE), edited tree or not. A value per tree
    /// of <see cref="Compilation.SyntaxTrees"/>, kept per tree object (<see cref="TreeReading"/>), is read again only for an
    /// edited tree, and a project with no tracked method reads nothing. Compared by reference: a new instance means a new
    /// tree.
    /// </para>
    /// </summary>
    internal sealed class TreeFacts
    {
        public static readonly TreeFacts Empty = new(ImmutableArray<NameCandidate>.Empty, ImmutableArray<NameCandidate>.Empty,
            ImmutableArray<MemberCalls>.Empty, ImmutableArray<LoopCandidate>.Empty);

        internal TreeFacts(ImmutableArray<NameCandidate> invocations, ImmutableArray<NameCandidate> methodGroups,
            ImmutableArray<MemberCalls> calls, ImmutableArray<LoopCandidate> loops)
        {
            Invocations = invocations;
            MethodGroups = methodGroups;
            Calls = calls;
            Loops = loops;
        }

        /// <summary>Calls whose target has a simple name (<see cref="Parser.IsCandidateInvocation"/>), in document order.</summary>
        public ImmutableArray<NameCandidate> Invocations { get; }

        /// <summary>Method groups that may convert a tracked method to a delegate (<see cref="Parser.IsCandidateMethodGroup"/>).</summary>
        public ImmutableArray<NameCandidate> MethodGroups { get; }

        /// <summary>The syntax-only call graph's edges from this tree's methods and local functions.</summary>
        public ImmutableArray<MemberCalls> Calls { get; }

        /// <summary>Bodies with a loop that invokes something (<see cref="TrackedLoopParser.IsCandidateMember"/>).</summary>
        public ImmutableArray<LoopCandidate> Loops { get; }

        /// <summary>The facts of <paramref name="tree"/>, in one walk (<see cref="TreeReader"/>).</summary>
        public static TreeFacts Read(SyntaxTree tree, CancellationToken cancellationToken) => TreeReader.Read(tree, cancellationToken);

        /// <summary>
        /// The facts of the members of a tree that mention one of <paramref name="names"/> (<see cref="ReadNames"/>): what
        /// <see cref="Read(SyntaxTree, CancellationToken)"/> finds that the generator can use, without walking the rest, and
        /// of the calls and method groups only those named one of <paramref name="names"/> (a superset of the tracked names).
        /// </summary>
        public static TreeFacts Read(TreeIndex index, TrackedNameSet names, CancellationToken cancellationToken)
        {
            if (index.Tree is null || names.Names.IsEmpty)
                return Empty;
            var (hashes, statementHashes) = HashesOf(names);
            // Top-level statements are one body: a loop in one may call a local function declared in another.
            bool? topLevelMatters = null;
            bool MayMatter(SyntaxNode member) => member switch
            {
                GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => topLevelMatters ??= unit.Members.OfType<GlobalStatementSyntax>().Any(g => index.MemberMentions(g, hashes)),
                StatementSyntax statement => index.Mentions(statement.Span, statementHashes),
                _ => index.MemberMentions(member, hashes),
            };
            return TreeReader.Read(index.Tree, cancellationToken, MayMatter, names);
        }

        // The hashes of one set of names (one per compilation, shared by every tree): for members, and for statements
        // (the names and the loop keywords).
        private static readonly ConditionalWeakTable<TrackedNameSet, Tuple<NameHashes, NameHashes>> Hashes = new();

        private static (NameHashes Members, NameHashes Statements) HashesOf(TrackedNameSet names)
        {
            var pair = Hashes.GetValue(names, static n => Tuple.Create(new NameHashes(n.Names), new NameHashes(n.Names.Concat(TreeIndex.LoopKeywords))));
            return (pair.Item1, pair.Item2);
        }

        /// <summary>
        /// The same facts read member by member, each with its own walks: the plain statement of what <see cref="Read(SyntaxTree, CancellationToken)"/>
        /// must find, kept for the tests that hold the one-walk reader to it.
        /// </summary>
        internal static TreeFacts ReadByMember(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var invocations = ImmutableArray.CreateBuilder<NameCandidate>();
            var methodGroups = ImmutableArray.CreateBuilder<NameCandidate>();
            var calls = ImmutableArray.CreateBuilder<MemberCalls>();
            var loops = ImmutableArray.CreateBuilder<LoopCandidate>();
            var seen = 0;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodesAndSelf())
            {
                if (++seen % 4096 == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                if (Parser.IsCandidateInvocation(node, cancellationToken) && TrackedNames.InvokedName(node) is { } invoked)
                    invocations.Add(new NameCandidate(invoked, node));
                if (Parser.IsCandidateMethodGroup(node, cancellationToken) && TrackedNames.SimpleName(node) is { } group)
                    methodGroups.Add(new NameCandidate(group, node));
                if (TrackedLoopParser.IsCallingMember(node, cancellationToken) && TrackedLoopParser.ReadCalls(node) is { Invoked.IsEmpty: false } memberCalls)
                    calls.Add(memberCalls);
                if (TrackedLoopParser.IsCandidateMember(node, cancellationToken) && TrackedLoopParser.ReadLoops(node) is { } loopCandidate)
                    loops.Add(loopCandidate);
            }
            return new TreeFacts(invocations.ToImmutable(), methodGroups.ToImmutable(), calls.ToImmutable(), loops.ToImmutable());
        }

    }
}
