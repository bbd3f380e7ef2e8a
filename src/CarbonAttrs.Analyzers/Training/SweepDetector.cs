using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// A loop whose every iteration starts a new training run, with what it runs and how many runs it starts.
/// Nested sweep loops hang under their outer sweep (<see cref="Nested"/>).
/// </summary>
internal sealed class SweepLoop
{
    public SweepLoop(
        ILoopOperation loop,
        IterationCount count,
        ImmutableArray<IMethodSymbol> trainingMethods,
        bool trainsInline,
        ImmutableArray<SweepLoop> nested,
        SweepSize size)
    {
        Loop = loop;
        Count = count;
        TrainingMethods = trainingMethods;
        TrainsInline = trainsInline;
        Nested = nested;
        Size = size;
    }

    public ILoopOperation Loop { get; }

    /// <summary>The loop's own iteration count.</summary>
    public IterationCount Count { get; }

    /// <summary>Methods that run training called at this loop's own level (not inside nested loops).</summary>
    public ImmutableArray<IMethodSymbol> TrainingMethods { get; }

    /// <summary>
    /// The loop body starts a run itself, with no method of its own: it creates an optimizer and trains with it
    /// (TorchSharp), or calls a library training run (ML.NET <c>Fit</c> of a chain with a trainer, <c>CrossValidate</c>).
    /// </summary>
    public bool TrainsInline { get; }

    public ImmutableArray<SweepLoop> Nested { get; }

    /// <summary>Training runs started by the whole loop nest (this loop's count times the runs per iteration).</summary>
    public SweepSize Size { get; }

    /// <summary>The method run per iteration: the first training method found at this level or in the nested sweeps.</summary>
    public IMethodSymbol? RunPerIteration
    {
        get
        {
            if (!TrainingMethods.IsEmpty)
            {
                return TrainingMethods[0];
            }

            foreach (var nested in Nested)
            {
                if (nested.RunPerIteration is { } method)
                {
                    return method;
                }
            }

            return null;
        }
    }

    /// <summary>This sweep and every nested one, outermost first.</summary>
    public IEnumerable<SweepLoop> SelfAndNested()
    {
        yield return this;
        foreach (var nested in Nested)
        {
            foreach (var inner in nested.SelfAndNested())
            {
                yield return inner;
            }
        }
    }
}

/// <summary>
/// Finds sweeps in a body: loops whose every iteration starts a training run, either by calling a method that
/// runs training or by creating an optimizer in the loop body and training with it. An epoch loop that keeps
/// using an optimizer created before the loop is not a sweep.
/// </summary>
internal static class SweepDetector
{
    /// <summary>The outermost sweeps of <paramref name="root"/> (each with its nested sweeps).</summary>
    public static ImmutableArray<SweepLoop> FindSweeps(IOperation root, TrainingModel model, int depth, CancellationToken cancellationToken)
    {
        // Cheap exit: no optimizer is created and no called method runs training, so no loop can be a sweep.
        var facts = LocalTrainingFacts.Scan(root, model, model.GetMatcher(root.Syntax.SyntaxTree));
        if (!facts.CreatesOptimizer && !facts.StartsRun && !AnyCalleeRunsTraining(facts, model, depth))
        {
            return ImmutableArray<SweepLoop>.Empty;
        }

        var sweeps = ImmutableArray.CreateBuilder<SweepLoop>();
        Collect(root, model, depth, sweeps, cancellationToken);
        return sweeps.ToImmutable();
    }

    private static void Collect(IOperation region, TrainingModel model, int depth, ImmutableArray<SweepLoop>.Builder sweeps, CancellationToken cancellationToken)
    {
        foreach (var operation in OperationTree.DescendantsAtLoopLevel(region))
        {
            if (operation is ILoopOperation loop && loop != region)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sweep = Examine(loop, model, depth, cancellationToken);
                if (sweep is not null)
                {
                    sweeps.Add(sweep);
                }
            }
        }
    }

    private static SweepLoop? Examine(ILoopOperation loop, TrainingModel model, int depth, CancellationToken cancellationToken)
    {
        if (loop.Body is null)
        {
            return null;
        }

        var trainingMethods = ImmutableArray.CreateBuilder<IMethodSymbol>();
        var terms = new List<SweepSize>();
        var createsOptimizerHere = false;
        var startsLibraryRun = false;
        var nested = ImmutableArray.CreateBuilder<SweepLoop>();
        foreach (var operation in OperationTree.OncePerIteration(loop.Body))
        {
            switch (operation)
            {
                case ILoopOperation inner:
                    if (Examine(inner, model, depth, cancellationToken) is { } innerSweep)
                    {
                        nested.Add(innerSweep);
                        terms.Add(innerSweep.Size);
                    }

                    break;
                case IInvocationOperation invocation:
                    if (model.IsOptimizerCreation(invocation))
                    {
                        createsOptimizerHere = true;
                    }
                    else if (model.RunsStartedBy(invocation) is { } libraryRuns)
                    {
                        startsLibraryRun = true;
                        terms.Add(libraryRuns);
                    }
                    else if (model.IsSourceMethod(invocation.TargetMethod) && model.GetFlags(invocation.TargetMethod, depth).RunsTraining)
                    {
                        trainingMethods.Add(invocation.TargetMethod.OriginalDefinition);
                        terms.Add(model.GetRunsPerCall(invocation.TargetMethod, depth));
                    }

                    break;
                case IObjectCreationOperation creation when model.IsOptimizerCreation(creation):
                    createsOptimizerHere = true;
                    break;
            }
        }

        // An optimizer created per iteration starts a run only if the body then trains in a loop with it.
        var optimizerRun = createsOptimizerHere && model.GetRegionFlags(loop.Body, depth).StepsInLoop;
        if (optimizerRun)
        {
            terms.Add(SweepSize.One);
        }

        var trainsInline = optimizerRun || startsLibraryRun;

        if (terms.Count == 0)
        {
            return null;
        }

        var count = IterationCounter.Count(loop, model);
        return new SweepLoop(loop, count, trainingMethods.ToImmutable(), trainsInline, nested.ToImmutable(), SweepSize.Times(count, SweepSize.Sum(terms)));
    }

    private static bool AnyCalleeRunsTraining(LocalTrainingFacts facts, TrainingModel model, int depth)
    {
        foreach (var callee in facts.Callees)
        {
            if (callee.InLoop && model.GetFlags(callee.Method, depth).RunsTraining)
            {
                return true;
            }
        }

        return false;
    }
}
