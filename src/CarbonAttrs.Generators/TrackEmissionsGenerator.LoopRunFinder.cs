using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    /// Counts the runs of a tracked method that a loop starts, reading syntax and binding only what can change the answer:
    /// the calls whose names reach a tracked method (<c>GetSymbolInfo</c> binds the statement around the call), and each
    /// loop's header on its own (a speculative model of the loop with an empty body, see <see cref="Count"/>).
    /// <para>
    /// Why not <c>GetOperation</c>: Roslyn builds the operation tree of a whole method for any <c>GetOperation</c> inside
    /// it, so the tracked-loop step bound every method holding such a loop, and every helper on the way to a tracked method,
    /// in full: most of the generator's time on a real project (docs/benchmarks.md, session 7). The walk follows what the
    /// operation tree would show: arguments before their call, lambdas and local functions not entered (they may not run),
    /// of a query only the sources that run at once.
    /// </para>
    /// <para>
    /// One finder per syntax tree of a compilation (<see cref="TrackedLoopParser"/>): helper results are cached per method
    /// and depth, and a helper found while its own caller is being counted (recursion) reads "runs nothing", so the cache
    /// depends on the order loops are counted in. Per tree, that order is the tree's own, whichever thread reads which
    /// tree: the inventory is the same in a parallel build and a single-threaded one.
    /// </para>
    /// </summary>
    internal sealed class LoopRunFinder
    {
        private readonly Compilation _compilation;
        private readonly TrainingModel _model;
        private readonly TrackedNameSet _loopNames;
        private readonly Dictionary<(IMethodSymbol, int), (SweepSize Size, string? Method)> _helpers = new(new MethodDepthComparer());
        private CancellationToken _cancellationToken;

        public LoopRunFinder(Compilation compilation, TrackedNameSet loopNames)
            : this(compilation, CountingModel(compilation), loopNames)
        {
        }

        /// <summary>A finder sharing <paramref name="model"/> (thread-safe) with the other finders of the compilation.</summary>
        public LoopRunFinder(Compilation compilation, TrainingModel model, TrackedNameSet loopNames)
        {
            _compilation = compilation;
            _model = model;
            _loopNames = loopNames;
        }

        /// <summary>The model the finders count iterations with: no options, the generator's shared semantic models.</summary>
        public static TrainingModel CountingModel(Compilation compilation)
            => TrainingModel.CreateUnshared(compilation, InventoryFile.NoOptionsProvider, tree => BindingModels.For(compilation, tree));

        /// <summary>Loops of a member's body that are not inside another loop, a lambda or a local function, in source order.</summary>
        public static IEnumerable<StatementSyntax> OutermostLoops(SyntaxNode member)
        {
            var loops = new List<StatementSyntax>();
            foreach (var part in BodyParts(member))
                CollectOutermost(part, loops);
            return loops;
        }

        /// <summary>The loop invokes, by simple name, a tracked method or one that reaches one: else it cannot run one.</summary>
        public bool MayRun(StatementSyntax loop)
            => loop.DescendantNodes().Any(n => TrackedNames.InvokedName(n) is { } name && _loopNames.Contains(name));

        /// <summary>
        /// Runs of the tracked method (<paramref name="method"/>, chosen at the first tracked call met) the loop starts;
        /// null when its iterations run none.
        /// </summary>
        public SweepSize? LoopRuns(StatementSyntax loop, SemanticModel model, int depth, ref string? method, CancellationToken cancellationToken)
        {
            lock (_helpers)
            {
                _cancellationToken = cancellationToken;
                return LoopRunsOrNull(loop, model, depth, ref method);
            }
        }

        private SweepSize? LoopRunsOrNull(StatementSyntax loop, SemanticModel model, int depth, ref string? method)
        {
            if (Body(loop) is not { } body || RegionRuns(new[] { body }, model, depth, ref method) is not { } perIteration)
                return null;
            return SweepSize.Times(Count(loop, model), perIteration);
        }

        /// <summary>Runs in a region (the parts of a body), per execution of it; null when it runs none.</summary>
        private SweepSize? RegionRuns(IEnumerable<SyntaxNode> parts, SemanticModel model, int depth, ref string? method)
        {
            var terms = new List<SweepSize>();
            foreach (var part in parts)
                Visit(part, model, depth, ref method, terms);
            return terms.Count == 0 ? null : SweepSize.Sum(terms);
        }

        private void Visit(SyntaxNode node, SemanticModel model, int depth, ref string? method, List<SweepSize> terms)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return;
                case QueryExpressionSyntax query:
                    // Every clause but the sources is a lambda: it runs when (and if) the query is enumerated.
                    foreach (var source in QuerySources(query))
                        Visit(source, model, depth, ref method, terms);
                    return;
                case StatementSyntax loop when TrackedLoopParser.IsLoop(loop):
                    if (LoopRunsOrNull(loop, model, depth, ref method) is { } runs)
                        terms.Add(runs);
                    return;
                case InvocationExpressionSyntax invocation:
                    foreach (var child in invocation.ChildNodes()) // the receiver and the arguments run first
                        Visit(child, model, depth, ref method, terms);
                    if (Call(invocation, model, depth, ref method) is { } call)
                        terms.Add(call);
                    return;
                default:
                    foreach (var child in node.ChildNodes())
                        Visit(child, model, depth, ref method, terms);
                    return;
            }
        }

        private SweepSize? Call(InvocationExpressionSyntax invocation, SemanticModel model, int depth, ref string? method)
        {
            // Names outside the syntax call graph cannot run a tracked method: not bound (in training code most calls in a
            // loop are forward passes and utilities, not runs). Tracked names are in it too.
            if (TrackedNames.InvokedName(invocation) is not { } name || !_loopNames.Contains(name))
                return null;
            // A call is bound only when its candidates (CallCandidates) leave a choice that matters.
            var candidates = CallCandidates.Of(invocation, model, _cancellationToken);
            if (candidates is { } known && !known.Any(candidate => MayRun(candidate, depth)))
                return null;
            if ((CallCandidates.Single(candidates) ?? model.GetSymbolInfo(invocation, _cancellationToken).Symbol) is not IMethodSymbol called)
                return null;
            var target = called.ReducedFrom ?? called;
            if (LedgerName(target) is { } ledgerName)
            {
                method ??= ledgerName;
                return ledgerName == method ? SweepSize.One : null;
            }
            if (depth <= 0 || !_loopNames.Contains(target.Name) || !_model.IsSourceMethod(target))
                return null;
            var key = (target.OriginalDefinition, depth);
            if (!_helpers.TryGetValue(key, out var helper))
            {
                _helpers[key] = (default, null); // recursion guard
                string? found = null;
                var runs = HelperBody(target) is { } body
                    ? RegionRuns(body.Parts, BindingModels.For(_compilation, body.Tree), depth - 1, ref found)
                    : null;
                helper = runs is { } r ? (r, found) : (default, null);
                _helpers[key] = helper;
            }
            if (helper.Method is null || (method is not null && method != helper.Method))
                return null;
            method ??= helper.Method;
            return helper.Size;
        }

        /// <summary>A candidate a call may run tracked methods through: tracked, or a source helper within reach.</summary>
        private bool MayRun(IMethodSymbol candidate, int depth)
            => LedgerName(candidate) is not null || (depth > 0 && _loopNames.Contains(candidate.Name) && _model.IsSourceMethod(candidate));

        /// <summary>
        /// The loop's iteration count, from its header bound alone: a copy of the loop with an empty body, in a speculative
        /// model at the loop's position (same scope, same symbols). What the header reads of its locals comes from
        /// <see cref="LoopLocals"/>. Not bound: a header written with literals alone, counted from its syntax
        /// (<see cref="LiteralLoops"/>); a <c>while</c> or <c>do</c> loop, which never has a known count; a loop whose bound
        /// declarations show can never be a constant (<see cref="UncountableLoops"/>).
        /// </summary>
        private IterationCount Count(StatementSyntax loop, SemanticModel model)
        {
            if (LiteralLoops.Count(loop, model, _cancellationToken) is { } literal)
                return IterationCount.Known(literal);
            if (UncountableLoops.CountIsNeverKnown(loop, model, _cancellationToken))
                return IterationCount.Unbounded(string.Empty);
            StatementSyntax? header = loop switch
            {
                ForStatementSyntax forLoop => forLoop.WithStatement(SyntaxFactory.Block()),
                CommonForEachStatementSyntax forEach => forEach.WithStatement(SyntaxFactory.Block()),
                _ => null,
            };
            if (header is null || !model.TryGetSpeculativeSemanticModel(loop.SpanStart, header, out var speculative)
                || speculative.GetOperation(header, _cancellationToken) is not ILoopOperation bound)
                return IterationCount.Unbounded(string.Empty);
            return IterationCounter.Count(bound, _model, new LoopLocals(loop, model, _cancellationToken));
        }

        private static void CollectOutermost(SyntaxNode node, List<StatementSyntax> loops)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                return;
            if (node is StatementSyntax loop && TrackedLoopParser.IsLoop(loop))
            {
                loops.Add(loop);
                return;
            }
            foreach (var child in node.ChildNodes())
                CollectOutermost(child, loops);
        }

        /// <summary>What runs of a member's body: its statements (top-level ones for a compilation unit), expression body, constructor initializer.</summary>
        private static IEnumerable<SyntaxNode> BodyParts(SyntaxNode member)
        {
            var parts = member switch
            {
                CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Select(g => (SyntaxNode?)g.Statement),
                ConstructorDeclarationSyntax c => new SyntaxNode?[] { c.Initializer, c.Body, c.ExpressionBody },
                BaseMethodDeclarationSyntax m => new SyntaxNode?[] { m.Body, m.ExpressionBody },
                AccessorDeclarationSyntax a => new SyntaxNode?[] { a.Body, a.ExpressionBody },
                LocalFunctionStatementSyntax f => new SyntaxNode?[] { f.Body, f.ExpressionBody },
                _ => Enumerable.Empty<SyntaxNode?>(),
            };
            return parts.Where(p => p is not null)!;
        }

        /// <summary>A source method's body (the implementation part of a partial method), with its tree.</summary>
        private (IEnumerable<SyntaxNode> Parts, SyntaxTree Tree)? HelperBody(IMethodSymbol method)
        {
            method = method.PartialImplementationPart ?? method.OriginalDefinition;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(_cancellationToken);
                if (node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax && BodyParts(node).Any())
                    return (BodyParts(node), node.SyntaxTree);
            }
            return null;
        }

        private static StatementSyntax? Body(StatementSyntax loop) => loop switch
        {
            ForStatementSyntax f => f.Statement,
            CommonForEachStatementSyntax e => e.Statement,
            WhileStatementSyntax w => w.Statement,
            DoStatementSyntax d => d.Statement,
            _ => null,
        };

        /// <summary>The collections a query reads at once: its first source and those of its joins (continuations too).</summary>
        private static IEnumerable<ExpressionSyntax> QuerySources(QueryExpressionSyntax query)
        {
            yield return query.FromClause.Expression;
            for (var body = query.Body; body is not null; body = body.Continuation?.Body)
            {
                foreach (var join in body.Clauses.OfType<JoinClauseSyntax>())
                    yield return join.InExpression;
            }
        }

        /// <summary>The ledger name of a tracked method (its own, or its partial definition's or implementation's), else null.</summary>
        internal static string? LedgerName(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            foreach (var candidate in new[] { method, method.PartialDefinitionPart, method.PartialImplementationPart })
            {
                if (candidate is not null && Parser.TryGetSettings(candidate, out var settings))
                    return settings.Name;
            }
            return null;
        }

        private sealed class MethodDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
        {
            public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y)
                => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Depth) obj) => (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 397) ^ obj.Depth;
        }
    }
}
