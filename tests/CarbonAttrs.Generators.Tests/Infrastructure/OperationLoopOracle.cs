using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static CarbonAttrs.Generators.TrackEmissionsGenerator;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>
/// The tracked-loop search as it was before session 7, on the whole member's operation tree (<c>GetOperation</c> of the
/// member, helpers' bodies bound in full): the oracle that <see cref="LoopRunFinder"/>, which binds only calls and loop
/// headers, must agree with. Slow on purpose; used by tests only.
/// </summary>
internal sealed class OperationLoopOracle
{
    private readonly TrainingModel _model;
    private readonly TrackedNameSet _loopNames;
    private readonly Dictionary<(IMethodSymbol, int), (SweepSize Size, string? Method)> _helpers = new();

    public OperationLoopOracle(Compilation compilation, TrackedNameSet loopNames)
    {
        _model = TrainingModel.CreateUnshared(compilation, InventoryFile.NoOptionsProvider);
        _loopNames = loopNames;
    }

    /// <summary>(method, file, line, size, description) of each outermost loop of the member that runs a tracked method.</summary>
    public List<(string Method, string File, int Line, long? Size, string Description)> Loops(SyntaxNode member)
    {
        var found = new List<(string, string, int, long?, string)>();
        if (_model.Compilation.GetSemanticModel(member.SyntaxTree).GetOperation(member) is not { } body)
            return found;
        foreach (var loop in OutermostLoops(body))
        {
            string? method = null;
            if (LoopRuns(loop, TrainingModel.MaxCallDepth, ref method) is not { } size || method is null)
                continue;
            var span = OperationTree.LoopKeywordLocation(loop).GetLineSpan();
            found.Add((method, Path.GetFileName(span.Path), span.StartLinePosition.Line + 1, size.Total, loop.Syntax.GetFirstToken().ValueText + (size.Total is null ? ", size unknown" : ", " + size.Expression)));
        }
        return found;
    }

    private static IEnumerable<ILoopOperation> OutermostLoops(IOperation body)
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

    private SweepSize? RegionRuns(IOperation region, int depth, ref string? method)
    {
        var terms = new List<SweepSize>();
        if (region is ILoopOperation loop)
        {
            if (LoopRuns(loop, depth, ref method) is { } runs)
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
                    if (LoopRuns(loop, depth, ref method) is { } runs)
                        terms.Add(runs);
                    continue;
                case IInvocationOperation invocation:
                    Walk(invocation, depth, ref method, terms);
                    if (Call(invocation.TargetMethod, depth, ref method) is { } call)
                        terms.Add(call);
                    continue;
                default:
                    Walk(child, depth, ref method, terms);
                    continue;
            }
        }
    }

    private SweepSize? LoopRuns(ILoopOperation loop, int depth, ref string? method)
    {
        if (loop.Body is null || RegionRuns(loop.Body, depth, ref method) is not { } perIteration)
            return null;
        return SweepSize.Times(IterationCounter.Count(loop, _model), perIteration);
    }

    private SweepSize? Call(IMethodSymbol target, int depth, ref string? method)
    {
        if (LoopRunFinder.LedgerName(target) is { } name)
        {
            method ??= name;
            return name == method ? SweepSize.One : null;
        }
        if (depth <= 0 || !_loopNames.Contains(target.Name) || !_model.IsSourceMethod(target))
            return null;
        var key = (target.OriginalDefinition, depth);
        if (!_helpers.TryGetValue(key, out var helper))
        {
            _helpers[key] = (default, null);
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
}
