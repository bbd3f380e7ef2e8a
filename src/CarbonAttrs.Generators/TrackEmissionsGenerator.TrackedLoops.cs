using System;
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
using Microsoft.CodeAnalysis.Operations;

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
        private static readonly ConditionalWeakTable<Compilation, Finder> Finders = new();

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
        /// A body with a loop, with the names its loops invoke (syntax only); bound later only if one matters. Two sets: this
        /// step skips loops inside lambdas, the sweep search (<see cref="SweepParser"/>) reads those too.
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

        /// <summary>The member's outermost loops that run a tracked method per iteration.</summary>
        /// <summary>The member may run a tracked method in a loop: one of its loops (outside lambdas) names one, or a method reaching one.</summary>
        public static bool MayRunTrackedLoop(LoopCandidate candidate, TrackedNameSet loopNames) => candidate.Names.Any(loopNames.Contains);

        public static MemberSweeps ParseMember(LoopCandidate candidate, TrackedNameSet loopNames, Compilation compilation, CancellationToken cancellationToken)
        {
            if (!MayRunTrackedLoop(candidate, loopNames))
                return MemberSweeps.None;
            try
            {
                var semanticModel = BindingModels.For(compilation, candidate.Member.SyntaxTree);
                // One finder per compilation: loopNames is the same for every member of one run (both come from the compilation).
                var finder = Finders.GetValue(semanticModel.Compilation, c => new Finder(c, loopNames));
                if (semanticModel.GetOperation(candidate.Member, cancellationToken) is not { } body)
                    return MemberSweeps.None;
                var entries = new List<SweepEntry>();
                foreach (var loop in finder.OutermostLoops(body))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? method = null;
                    if (finder.LoopRuns(loop, TrainingModel.MaxCallDepth, ref method) is not { } size || method is null)
                        continue;
                    var location = OperationTree.LoopKeywordLocation(loop).GetLineSpan();
                    var description = loop.Syntax.GetFirstToken().ValueText + (size.Total is null ? ", size unknown" : ", " + size.Expression);
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

        /// <summary>Binds loops and helper bodies of one compilation; helper results are cached per method and depth.</summary>
        private sealed class Finder
        {
            private readonly TrainingModel _model;
            private readonly TrackedNameSet _loopNames;
            // Guarded by its own lock: generator steps may run members in parallel.
            private readonly Dictionary<(IMethodSymbol, int), (SweepSize Size, string? Method)> _helpers = new(new MethodDepthComparer());

            // Bodies bound with the generator's shared models (a call site's member is not bound again here).
            public Finder(Compilation compilation, TrackedNameSet loopNames)
            {
                _model = TrainingModel.CreateUnshared(compilation, SweepParser.NoOptionsProvider, tree => BindingModels.For(compilation, tree));
                _loopNames = loopNames;
            }

            /// <summary>Loops not inside another loop of the body (lambdas and local functions are not entered: they may not run).</summary>
            public IEnumerable<ILoopOperation> OutermostLoops(IOperation body)
            {
                foreach (var child in body.ChildOperations)
                {
                    if (child is ILoopOperation loop)
                        yield return loop;
                    else if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                        foreach (var inner in OutermostLoops(child))
                            yield return inner;
                }
            }

            /// <summary>
            /// Runs of the tracked method (<paramref name="method"/>, chosen at the first tracked call met) the loop starts;
            /// null when its iterations run none.
            /// </summary>
            public SweepSize? LoopRuns(ILoopOperation loop, int depth, ref string? method)
            {
                lock (_helpers)
                    return LoopRunsOrNull(loop, depth, ref method);
            }

            /// <summary>Runs in a region, per execution of it; null when it runs none.</summary>
            private SweepSize? RegionRuns(IOperation region, int depth, ref string? method)
            {
                var terms = new List<SweepSize>();
                if (region is ILoopOperation loop) // a nested loop written without braces is the body itself
                {
                    if (LoopRunsOrNull(loop, depth, ref method) is { } runs)
                        terms.Add(runs);
                }
                else
                {
                    Walk(region, depth, ref method, terms);
                }
                return terms.Count == 0 ? null : SweepSize.Sum(terms);
            }

            private void Walk(IOperation operation, int depth, ref string? method, List<SweepSize> terms)
            {
                foreach (var child in operation.ChildOperations)
                {
                    switch (child)
                    {
                        case IAnonymousFunctionOperation or ILocalFunctionOperation:
                            continue;
                        case ILoopOperation loop:
                            if (LoopRunsOrNull(loop, depth, ref method) is { } runs)
                                terms.Add(runs);
                            continue;
                        case IInvocationOperation invocation:
                            Walk(invocation, depth, ref method, terms); // arguments run first
                            if (Call(invocation.TargetMethod, depth, ref method) is { } call)
                                terms.Add(call);
                            continue;
                        default:
                            Walk(child, depth, ref method, terms);
                            continue;
                    }
                }
            }

            private SweepSize? LoopRunsOrNull(ILoopOperation loop, int depth, ref string? method)
            {
                if (loop.Body is null || RegionRuns(loop.Body, depth, ref method) is not { } perIteration)
                    return null;
                return SweepSize.Times(IterationCounter.Count(loop, _model), perIteration);
            }

            private SweepSize? Call(IMethodSymbol target, int depth, ref string? method)
            {
                if (LedgerName(target) is { } name)
                {
                    method ??= name;
                    return name == method ? SweepSize.One : null;
                }
                // A helper whose name the syntax-only call graph does not reach a tracked method from cannot run one: its body is
                // not bound (in training code most calls in a loop are forward passes and utilities, not runs).
                if (depth <= 0 || !_loopNames.Contains(target.Name) || !_model.IsSourceMethod(target))
                    return null;
                var key = (target.OriginalDefinition, depth);
                if (!_helpers.TryGetValue(key, out var helper))
                {
                    _helpers[key] = (default, null); // recursion guard
                    string? found = null;
                    var body = _model.GetBody(target, CancellationToken.None);
                    var runs = body is null ? null : RegionRuns(body, depth - 1, ref found);
                    helper = runs is { } r ? (r, found) : (default, null);
                    _helpers[key] = helper;
                }
                if (helper.Method is null || (method is not null && method != helper.Method))
                    return null;
                method ??= helper.Method;
                return helper.Size;
            }

            private sealed class MethodDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
            {
                public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y)
                    => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

                public int GetHashCode((IMethodSymbol Method, int Depth) obj) => (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 397) ^ obj.Depth;
            }

            private static string? LedgerName(IMethodSymbol method)
            {
                method = method.OriginalDefinition;
                foreach (var candidate in new[] { method, method.PartialDefinitionPart, method.PartialImplementationPart })
                {
                    if (candidate is not null && Parser.TryGetSettings(candidate, out var settings))
                        return settings.Name;
                }
                return null;
            }
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
