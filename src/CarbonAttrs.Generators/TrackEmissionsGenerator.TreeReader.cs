using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Reads a tree's <see cref="TreeFacts"/> in one walk. Per member it gathers what <see cref="TrackedLoopParser.ReadCalls"/>
    /// and <see cref="TrackedLoopParser.ReadLoops"/> read from that member alone (the tests hold the two to the same
    /// result), without walking a member again for each enclosing member, loop and candidate test.
    /// </summary>
    internal sealed class TreeReader : CSharpSyntaxWalker
    {
        private readonly CancellationToken _cancellationToken;
        private readonly Func<SyntaxNode, bool>? _mayMatter;
        private readonly TrackedNameSet? _names;
        private readonly ImmutableArray<NameCandidate>.Builder _invocations = ImmutableArray.CreateBuilder<NameCandidate>();
        private readonly ImmutableArray<NameCandidate>.Builder _methodGroups = ImmutableArray.CreateBuilder<NameCandidate>();

        // Open scopes, innermost last. Results are kept in the order their members start (document order).
        private readonly List<CallingMember> _callers = new();
        private readonly List<LoopMember> _loopMembers = new();
        private readonly List<OpenLoop> _loops = new();
        private readonly List<CallingMember> _callerResults = new();
        private readonly List<LoopMember> _loopMemberResults = new();
        private int _lambdas;
        private int _seen;

        private TreeReader(CancellationToken cancellationToken, Func<SyntaxNode, bool>? mayMatter, TrackedNameSet? names) : base(SyntaxWalkerDepth.Node)
        {
            _cancellationToken = cancellationToken;
            _mayMatter = mayMatter;
            _names = names;
        }

        /// <summary>
        /// The facts of <paramref name="tree"/>; with <paramref name="mayMatter"/>, only of the members (<see cref="TreeIndex.IsGated"/>)
        /// it accepts: the others are not walked. With <paramref name="names"/>, only the calls and method groups with one of
        /// those names are listed (each listed one flows through the generator's pipeline; tracked names are among them).
        /// </summary>
        public static TreeFacts Read(SyntaxTree tree, CancellationToken cancellationToken, Func<SyntaxNode, bool>? mayMatter = null, TrackedNameSet? names = null)
        {
            var reader = new TreeReader(cancellationToken, mayMatter, names);
            reader.Visit(tree.GetRoot(cancellationToken));
            return new TreeFacts(
                reader._invocations.ToImmutable(),
                reader._methodGroups.ToImmutable(),
                reader._callerResults.Where(c => c.Name is not null && c.Invoked.Count > 0)
                    .Select(c => new MemberCalls(c.Name!, c.Invoked.ToEquatableArray())).ToImmutableArray(),
                reader._loopMemberResults.Where(m => m.Loops.Any(l => l.Invoked.Count > 0))
                    .Select(m => m.ToCandidate()).ToImmutableArray());
        }

        public override void Visit(SyntaxNode? node)
        {
            if (node is null)
                return;
            if (++_seen % 4096 == 0)
                _cancellationToken.ThrowIfCancellationRequested();
            if (_mayMatter is not null && TreeIndex.IsGated(node) && !_mayMatter(node))
                return;

            Enter(node, out var caller, out var loopMember, out var loop, out var isLambda, out var body);
            base.Visit(node);
            Exit(caller, loopMember, loop, isLambda, body);
        }

        private void Enter(SyntaxNode node, out CallingMember? caller, out LoopMember? loopMember, out OpenLoop? loop, out bool isLambda, out CallingMember? body)
        {
            // A call or method group counts for the members whose body holds it, and (calls only) for the loops around it.
            var invoked = TrackedNames.InvokedName(node);
            if (invoked is not null)
            {
                if (Parser.IsCandidateInvocation(node, _cancellationToken) && (_names is null || _names.Contains(invoked)))
                    _invocations.Add(new NameCandidate(invoked, node));
                foreach (var open in _loops)
                    open.Invoked.Add(invoked);
            }
            var group = Parser.IsCandidateMethodGroup(node, _cancellationToken) ? TrackedNames.SimpleName(node) : null;
            if (group is not null && (_names is null || _names.Contains(group)))
                _methodGroups.Add(new NameCandidate(group, node));
            foreach (var open in _callers)
            {
                if (open.BodyDepth > 0)
                {
                    if (invoked is not null)
                        open.Invoked.Add(invoked);
                    if (group is not null)
                        open.Invoked.Add(group);
                }
            }

            // The calls of a member are those of its body (block or expression body), not of its attributes.
            body = node is BlockSyntax or ArrowExpressionClauseSyntax ? _callers.LastOrDefault(c => c.Node == node.Parent) : null;
            if (body is not null)
                body.BodyDepth++;

            caller = TrackedLoopParser.IsCallingMember(node, _cancellationToken) ? Open(_callers, _callerResults, new CallingMember(node)) : null;
            loopMember = IsLoopMember(node) ? Open(_loopMembers, _loopMemberResults, new LoopMember(node, _lambdas)) : null;

            loop = null;
            if (TrackedLoopParser.IsLoop(node))
            {
                loop = new OpenLoop();
                _loops.Add(loop);
                foreach (var member in _loopMembers)
                    member.Loops.Add(new LoopRecord(loop.Invoked, _lambdas > member.LambdasAtStart));
            }

            isLambda = node is LambdaExpressionSyntax;
            if (isLambda)
                _lambdas++;
        }

        private void Exit(CallingMember? caller, LoopMember? loopMember, OpenLoop? loop, bool isLambda, CallingMember? body)
        {
            if (isLambda)
                _lambdas--;
            if (loop is not null)
                _loops.RemoveAt(_loops.Count - 1);
            if (loopMember is not null)
                _loopMembers.RemoveAt(_loopMembers.Count - 1);
            if (caller is not null)
                _callers.RemoveAt(_callers.Count - 1);
            if (body is not null)
                body.BodyDepth--;
        }

        private static T Open<T>(List<T> open, List<T> results, T scope)
        {
            open.Add(scope);
            results.Add(scope);
            return scope;
        }

        /// <summary>As <see cref="TrackedLoopParser.IsCandidateMember"/>, less its "contains a loop" test (a member without one records none, and the test would walk every top-level statement).</summary>
        private static bool IsLoopMember(SyntaxNode node) => node switch
        {
            BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
            AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
            // Top-level statements: a loop found in them opens nothing new (only loops that invoke something are kept).
            CompilationUnitSyntax unit => unit.Members.Any(static m => m is GlobalStatementSyntax),
            _ => false,
        };

        private sealed class CallingMember
        {
            public CallingMember(SyntaxNode node)
            {
                Node = node;
                Name = node switch
                {
                    MethodDeclarationSyntax m => m.Identifier.ValueText,
                    LocalFunctionStatementSyntax f => f.Identifier.ValueText,
                    _ => null,
                };
            }

            public SyntaxNode Node { get; }

            public string? Name { get; }

            public SortedSet<string> Invoked { get; } = new(StringComparer.Ordinal);

            public int BodyDepth { get; set; }
        }

        private sealed class OpenLoop
        {
            public SortedSet<string> Invoked { get; } = new(StringComparer.Ordinal);
        }

        private sealed record LoopRecord(SortedSet<string> Invoked, bool InLambda);

        private sealed class LoopMember
        {
            public LoopMember(SyntaxNode node, int lambdasAtStart)
            {
                Node = node;
                LambdasAtStart = lambdasAtStart;
            }

            public SyntaxNode Node { get; }

            public int LambdasAtStart { get; }

            public List<LoopRecord> Loops { get; } = new();

            public LoopCandidate ToCandidate()
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                var loops = new List<LoopNames>();
                foreach (var loop in Loops.Where(l => l.Invoked.Count > 0))
                {
                    loops.Add(new LoopNames(loop.Invoked.ToEquatableArray(), loop.InLambda));
                    if (!loop.InLambda)
                        names.UnionWith(loop.Invoked);
                }
                return new LoopCandidate(names, loops, Node);
            }
        }
    }
}
