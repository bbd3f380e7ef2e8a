using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// One sweep loop as plain, equatable data (no Roslyn types), fit for an incremental generator pipeline or a
/// build-time report: where it is, what it runs per iteration, and how many training runs it starts.
/// </summary>
/// <param name="FilePath">The syntax tree's path.</param>
/// <param name="Line">1-based line of the loop keyword.</param>
/// <param name="Column">1-based column of the loop keyword.</param>
/// <param name="LoopKind"><c>for</c>, <c>foreach</c>, <c>while</c> or <c>do</c>.</param>
/// <param name="EnclosingMethod">The method containing the loop, as <c>Namespace.Type.Method</c>.</param>
/// <param name="TrainingMethod">The method run per iteration (<c>Namespace.Type.Method</c>), or null when the loop body trains inline.</param>
/// <param name="IsTracked">True when the sweep's cost reaches the ledger (the CARB001 test).</param>
/// <param name="IterationCount">This loop's own iteration count, or null when unknown.</param>
/// <param name="Size">Training runs started by the whole loop nest, or null when unknown.</param>
/// <param name="SizeExpression">How <paramref name="Size"/> is made, e.g. <c>3 × 4 × 10</c> (<c>?</c> for an unknown factor).</param>
/// <param name="UnboundedReason">Why the loop's own count is unbounded (the CARB002 message), or null.</param>
/// <param name="NestingDepth">0 for an outermost sweep, 1 for a sweep nested in it, and so on.</param>
internal sealed record SweepRecord(
    string FilePath,
    int Line,
    int Column,
    string LoopKind,
    string? EnclosingMethod,
    string? TrainingMethod,
    bool IsTracked,
    long? IterationCount,
    long? Size,
    string SizeExpression,
    string? UnboundedReason,
    int NestingDepth);

/// <summary>
/// The sweep detection of CARB001-CARB003, reusable outside an analyzer: a generator or a report can list every
/// sweep of a compilation with <see cref="Collect(Compilation, AnalyzerConfigOptionsProvider, CancellationToken)"/>,
/// or the sweeps of one method body with <see cref="ForBody"/>.
/// </summary>
internal static class SweepInventory
{
    /// <summary>Every sweep in every method, constructor, accessor and local function of the compilation, in source order.</summary>
    public static ImmutableArray<SweepRecord> Collect(Compilation compilation, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var model = TrainingModel.GetOrCreate(compilation, options);
        if (!model.CanRecogniseTraining)
        {
            return ImmutableArray<SweepRecord>.Empty;
        }

        var records = ImmutableArray.CreateBuilder<SweepRecord>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semanticModel = model.GetSemanticModel(tree);
            if (semanticModel is null)
            {
                continue;
            }

            // Top-level bodies only: loops in lambdas and local functions belong to their enclosing member's operation tree.
            foreach (var member in tree.GetRoot(cancellationToken).DescendantNodesAndSelf().Where(IsMemberWithBody))
            {
                var owner = member is CompilationUnitSyntax
                    ? semanticModel.GetEnclosingSymbol(member.DescendantNodes().OfType<GlobalStatementSyntax>().First().SpanStart, cancellationToken)
                    : semanticModel.GetDeclaredSymbol(member, cancellationToken);
                if (semanticModel.GetOperation(member, cancellationToken) is { } body)
                {
                    records.AddRange(ForBody(body, model, owner, cancellationToken));
                }
            }
        }

        return records.ToImmutable();
    }

    /// <summary>The sweeps of one body, outermost first and then their nested sweeps.</summary>
    public static IEnumerable<SweepRecord> ForBody(IOperation body, TrainingModel model, ISymbol? owner, CancellationToken cancellationToken)
    {
        var enclosing = SymbolFacts.ContainingMethod(owner);
        var enclosingTracked = model.Carbon.IsTracked(enclosing);
        foreach (var outer in SweepDetector.FindSweeps(body, model, TrainingModel.MaxCallDepth, cancellationToken))
        {
            foreach (var (sweep, depth) in WithDepth(outer, 0))
            {
                var location = OperationTree.LoopKeywordLocation(sweep.Loop).GetLineSpan();
                yield return new SweepRecord(
                    location.Path,
                    location.StartLinePosition.Line + 1,
                    location.StartLinePosition.Character + 1,
                    sweep.Loop.Syntax.GetFirstToken().ValueText,
                    QualifiedName(enclosing),
                    QualifiedName(sweep.RunPerIteration),
                    enclosingTracked || IsTracked(sweep, model),
                    sweep.Count.Value,
                    sweep.Size.Total,
                    sweep.Size.Expression,
                    sweep.Count.IsUnbounded ? sweep.Count.Reason : null,
                    depth);
            }
        }
    }

    private static bool IsTracked(SweepLoop sweep, TrainingModel model) =>
        !sweep.SelfAndNested().Any(s => s.TrainsInline) && sweep.SelfAndNested().SelectMany(s => s.TrainingMethods).All(model.ReportsRunCost);

    private static IEnumerable<(SweepLoop Sweep, int Depth)> WithDepth(SweepLoop sweep, int depth)
    {
        yield return (sweep, depth);
        foreach (var nested in sweep.Nested)
        {
            foreach (var inner in WithDepth(nested, depth + 1))
            {
                yield return inner;
            }
        }
    }

    private static bool IsMemberWithBody(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
        AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
        CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Any(),
        _ => false,
    };

    /// <summary>A method as sweep records and the footprint report name it: <c>Namespace.Type.Method</c>.</summary>
    public static string? QualifiedName(IMethodSymbol? method) =>
        method is null ? null : method.ContainingType?.ToDisplayString() + "." + method.Name;

    /// <summary>How the footprint report describes a sweep: its loop keyword and how its size is made (<c>for, size unknown</c>).</summary>
    public static string Description(SweepLoop sweep) =>
        sweep.Loop.Syntax.GetFirstToken().ValueText + (sweep.Size.Total is null ? ", size unknown" : ", " + sweep.Size.Expression);
}
