using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The loop half of the inventory for any code, TorchSharp or not: every outermost loop whose iterations call a
    /// <c>[TrackEmissions]</c> method, directly or through source helpers up to <see cref="TrainingModel.MaxCallDepth"/>
    /// levels (the analyzers' depth), with the number of runs of that method the loop nest starts when it is known.
    /// <para>
    /// Cost: nothing is bound unless a loop body names a method that is tracked or that reaches one through helpers,
    /// by name (<see cref="LoopNames"/>, from a syntax-only call graph). A project with no tracked method binds nothing.
    /// </para>
    /// </summary>
    internal static class TrackedLoopParser
    {
        // Per compilation, one counting model and one finder per tree (see LoopRunFinder: the same inventory in any order).
        private static readonly ConditionalWeakTable<Compilation, TrainingModel> CountingModels = new();
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, LoopRunFinder>> Finders = new();

        /// <summary>A method (or the top-level statements) with what it calls by simple name: syntax only.</summary>
        public static bool IsCallingMember(SyntaxNode node, CancellationToken cancellationToken) => node switch
        {
            BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
            LocalFunctionStatementSyntax f => f.Body is not null || f.ExpressionBody is not null,
            _ => false,
        };

        public static MemberCalls ReadCalls(SyntaxNode member)
        {
            var name = member switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                LocalFunctionStatementSyntax f => f.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
                return MemberCalls.None;
            // A local function's calls are also its enclosing method's (it is declared inside it): fine for a name filter.
            // Method groups count as calls: the training vocabulary follows a method passed as a delegate (a callee too).
            var invoked = InvokedNames(member.ChildNodes().Where(n => n is BlockSyntax or ArrowExpressionClauseSyntax), withMethodGroups: true);
            return invoked.IsEmpty ? MemberCalls.None : new MemberCalls(name, invoked);
        }

        /// <summary>
        /// Tracked names and the names of methods that call them, up to the analyzers' call depth: a loop that names none
        /// of these cannot run a tracked method per iteration.
        /// </summary>
        public static TrackedNameSet LoopNames(TrackedNameSet tracked, ImmutableArray<MemberCalls> members)
        {
            if (tracked.Names.IsEmpty)
                return TrackedNameSet.Empty;
            return Callers(tracked.Names, members);
        }

        /// <summary><paramref name="seeds"/> and the methods that call one of them, up to <see cref="TrainingModel.MaxCallDepth"/> levels up.</summary>
        public static TrackedNameSet Callers(IEnumerable<string> seeds, ImmutableArray<MemberCalls> members)
        {
            var reached = new HashSet<string>(seeds, StringComparer.Ordinal);
            for (var level = 0; level < TrainingModel.MaxCallDepth; level++)
            {
                var added = members.Where(m => !reached.Contains(m.Name) && m.Invoked.Any(reached.Contains)).Select(m => m.Name).ToList();
                if (added.Count == 0)
                    break;
                reached.UnionWith(added);
            }
            return TrackedNameSet.Create(reached);
        }

        /// <summary>
        /// A body with a loop, with the names its loops invoke (syntax only); bound later only if one matters. Loops inside
        /// lambdas are recorded but not counted (a lambda may never run).
        /// </summary>
        public static LoopCandidate? ReadLoops(SyntaxNode member)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var loops = new List<LoopNames>();
            foreach (var loop in member.DescendantNodes().Where(IsLoop))
            {
                var invoked = InvokedNames(new[] { loop }, withMethodGroups: false);
                if (invoked.IsEmpty)
                    continue;
                var inLambda = loop.Ancestors().TakeWhile(a => a != member).Any(static a => a is LambdaExpressionSyntax);
                loops.Add(new LoopNames(invoked, inLambda));
                if (!inLambda)
                    names.UnionWith(invoked);
            }
            return loops.Count == 0 ? null : new LoopCandidate(names, loops, member);
        }

        /// <summary>The member may run a tracked method in a loop: one of its loops (outside lambdas) names one, or a method reaching one.</summary>
        public static bool MayRunTrackedLoop(LoopCandidate candidate, TrackedNameSet loopNames) => candidate.Names.Any(loopNames.Contains);

        /// <summary>A body that can hold a tracked loop: a method, constructor, operator, accessor or the top-level statements, with a loop in it.</summary>
        public static bool IsCandidateMember(SyntaxNode node, CancellationToken cancellationToken) => node switch
        {
            BaseMethodDeclarationSyntax m => (m.Body is not null || m.ExpressionBody is not null) && ContainsLoop(m),
            AccessorDeclarationSyntax a => (a.Body is not null || a.ExpressionBody is not null) && ContainsLoop(a),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Any(ContainsLoop),
            _ => false,
        };

        private static bool ContainsLoop(SyntaxNode node) => node.DescendantNodes().Any(IsLoop);

        /// <summary>The member's outermost loops that run a tracked method per iteration (<see cref="LoopRunFinder"/>: no whole method is bound).</summary>
        public static MemberSweeps ParseMember(LoopCandidate candidate, TrackedNameSet loopNames, Compilation compilation, CancellationToken cancellationToken)
        {
            if (!MayRunTrackedLoop(candidate, loopNames))
                return MemberSweeps.None;
            try
            {
                var semanticModel = BindingModels.For(compilation, candidate.Member.SyntaxTree);
                // loopNames is the same for every member of one run (both come from the compilation).
                var countingModel = CountingModels.GetValue(compilation, LoopRunFinder.CountingModel);
                var finder = Finders.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, LoopRunFinder>())
                    .GetOrAdd(candidate.Member.SyntaxTree, _ => new LoopRunFinder(compilation, countingModel, loopNames));
                var entries = new List<SweepEntry>();
                foreach (var loop in LoopRunFinder.OutermostLoops(candidate.Member))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? method = null;
                    if (!finder.MayRun(loop)
                        || finder.LoopRuns(loop, semanticModel, TrainingModel.MaxCallDepth, ref method, cancellationToken) is not { } size
                        || method is null)
                        continue;
                    var location = OperationTree.LoopKeywordLocation(loop).GetLineSpan();
                    var description = loop.GetFirstToken().ValueText + (size.Total is null ? ", size unknown" : ", " + size.Expression);
                    entries.Add(new SweepEntry(method, location.Path, location.StartLinePosition.Line + 1, size.Total, description));
                }
                return entries.Count == 0 ? MemberSweeps.None : new MemberSweeps(entries.ToEquatableArray());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An inventory without this member's loops is a smaller report, never a broken build.
                return MemberSweeps.None;
            }
        }

        /// <summary>A <c>for</c>, <c>foreach</c>, <c>while</c> or <c>do</c> statement.</summary>
        internal static bool IsLoop(SyntaxNode n)
            => n.IsKind(SyntaxKind.ForStatement) || n.IsKind(SyntaxKind.ForEachStatement) || n.IsKind(SyntaxKind.ForEachVariableStatement)
               || n.IsKind(SyntaxKind.WhileStatement) || n.IsKind(SyntaxKind.DoStatement);

        private static EquatableArray<string> InvokedNames(IEnumerable<SyntaxNode> roots, bool withMethodGroups)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var root in roots)
            {
                foreach (var node in root.DescendantNodesAndSelf())
                {
                    var name = node is InvocationExpressionSyntax invocation ? TrackedNames.InvokedName(invocation)
                        : withMethodGroups && Parser.IsCandidateMethodGroup(node, CancellationToken.None) ? TrackedNames.SimpleName(node)
                        : null;
                    if (name is not null)
                        names.Add(name);
                }
            }
            return names.ToEquatableArray();
        }
    }

    /// <summary>A method's simple name and the simple names it invokes (syntax only; equatable, cached per tree).</summary>
    internal sealed record MemberCalls(string Name, EquatableArray<string> Invoked)
    {
        public static readonly MemberCalls None = new("", EquatableArray<string>.Empty);
    }

    /// <summary>A body with loops and the names those loops invoke; the context is bound only when a name matters.</summary>
    internal sealed class LoopCandidate
    {
        public LoopCandidate(HashSet<string> names, IReadOnlyList<LoopNames> loops, SyntaxNode member)
        {
            Names = names;
            Loops = loops;
            Member = member;
        }

        /// <summary>Names invoked by loops outside lambdas (the tracked-loop step).</summary>
        public HashSet<string> Names { get; }

        /// <summary>Every loop of the body that invokes something, lambdas included, with what it invokes (the sweep search).</summary>
        public IReadOnlyList<LoopNames> Loops { get; }

        /// <summary>The method, accessor or compilation unit (top-level statements) whose body holds the loops.</summary>
        public SyntaxNode Member { get; }
    }

    /// <summary>What one loop invokes by simple name (nested loops' calls included), and whether it sits in a lambda.</summary>
    internal sealed class LoopNames
    {
        public LoopNames(EquatableArray<string> invoked, bool inLambda)
        {
            Invoked = invoked;
            InLambda = inLambda;
        }

        public EquatableArray<string> Invoked { get; }

        /// <summary>In a lambda: the tracked-loop step does not list it (a lambda may never run), the sweep search does.</summary>
        public bool InLambda { get; }
    }
}
