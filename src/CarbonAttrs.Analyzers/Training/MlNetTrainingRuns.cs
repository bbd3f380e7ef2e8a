using System.Collections.Generic;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// The ML.NET half of the training vocabulary: which calls start training runs, and how many.
/// <list type="bullet">
/// <item><c>Fit(IDataView)</c> on an estimator whose chain contains a trainer is one run; a chain of transforms only is not
/// training (it computes column statistics).</item>
/// <item><c>BinaryClassification / MulticlassClassification / Regression / Ranking / Clustering .CrossValidate(...)</c> is
/// <c>numberOfFolds</c> runs (default 5).</item>
/// </list>
/// Whether a chain contains a trainer is read from its static type when it says so
/// (<c>EstimatorChain&lt;BinaryPredictionTransformer&lt;...&gt;&gt;</c>), else from where the estimator was built in the same
/// body: the receiver expression, the locals it was assigned from, the collection a <c>foreach</c> takes it from. An
/// estimator that arrives as a parameter is not known: silence rather than a guess.
/// </summary>
internal sealed class MlNetTrainingRuns
{
    private const int MaxLocalHops = 4;

    public MlNetTrainingRuns(MlNetSymbols symbols)
    {
        Symbols = symbols;
    }

    public MlNetSymbols Symbols { get; }

    /// <summary>The training runs <paramref name="invocation"/> starts, or null when it starts none.</summary>
    public SweepSize? RunsStartedBy(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (IsFit(method))
        {
            return invocation.Instance is { } estimator && ContainsTrainer(estimator, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), MaxLocalHops)
                ? SweepSize.One
                : null;
        }

        if (IsCrossValidation(method))
        {
            var folds = FoldCount(invocation);
            return folds is { } k
                ? SweepSize.Times(IterationCount.Known(k), SweepSize.One)
                : SweepSize.Times(IterationCount.Bounded("a number of folds not known at compile time"), SweepSize.One);
        }

        return null;
    }

    /// <summary>The fold count of <c>MLContext.Data.CrossValidationSplit(..., numberOfFolds: k)</c>: what a manual cross-validation loop iterates.</summary>
    public long? CrossValidationSplitFolds(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "CrossValidationSplit"
        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, Symbols.DataOperations)
            ? FoldCount(invocation)
            : null;

    private bool IsFit(IMethodSymbol method) =>
        method.Name == "Fit"
        && !method.IsStatic
        && method.Parameters.Length >= 1
        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, Symbols.DataView)
        && Symbols.IsEstimator(method.ContainingType);

    private bool IsCrossValidation(IMethodSymbol method) =>
        method.Name is "CrossValidate" or "CrossValidateNonCalibrated"
        && Symbols.TrainCatalog is not null
        && SymbolFacts.DerivesFrom(method.ContainingType, Symbols.TrainCatalog);

    private static long? FoldCount(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "numberOfFolds")
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return argument.Parameter.HasExplicitDefaultValue && argument.Parameter.ExplicitDefaultValue is int byDefault ? byDefault : null;
            }

            return argument.Value.ConstantValue is { HasValue: true, Value: int k } && k > 0 ? k : null;
        }

        return null;
    }

    /// <summary>The estimator expression, or what it was built from in the same body, contains a trainer.</summary>
    private bool ContainsTrainer(IOperation estimator, HashSet<ILocalSymbol> visited, int hops)
    {
        var stack = new Stack<IOperation>();
        stack.Push(estimator);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (Symbols.IsTrainerOrChainEndingInOne(operation.Type))
            {
                return true;
            }

            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    // A callback (WithOnFitDelegate) runs later; what it mentions is not part of the chain.
                    continue;
                case ILocalReferenceOperation local when hops > 0 && visited.Add(local.Local):
                    foreach (var source in SourcesOf(local))
                    {
                        if (ContainsTrainer(source, visited, hops - 1))
                        {
                            return true;
                        }
                    }

                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                stack.Push(child);
            }
        }

        return false;
    }

    /// <summary>Every value the local is given in its body: its initializer, assignments, and the collection of a foreach declaring it.</summary>
    private static IEnumerable<IOperation> SourcesOf(ILocalReferenceOperation reference)
    {
        var root = (IOperation)reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in OperationTree.Descendants(root))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    if (declarator.Initializer?.Value is { } initial)
                    {
                        yield return initial;
                    }

                    break;
                case ISimpleAssignmentOperation assignment
                    when OperationTree.WithoutConversions(assignment.Target) is ILocalReferenceOperation target
                         && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    yield return assignment.Value;
                    break;
                case IForEachLoopOperation loop when Declares(loop, reference.Local):
                    yield return loop.Collection;
                    break;
            }
        }
    }

    private static bool Declares(IForEachLoopOperation loop, ILocalSymbol local)
    {
        foreach (var declared in loop.Locals)
        {
            if (SymbolEqualityComparer.Default.Equals(declared, local))
            {
                return true;
            }
        }

        return false;
    }
}
