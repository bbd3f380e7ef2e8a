using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>A call from one source method to another in the same compilation, and whether it sits in a loop.</summary>
internal readonly struct CalleeUse
{
    public CalleeUse(IMethodSymbol method, bool inLoop)
    {
        Method = method;
        InLoop = inLoop;
    }

    public IMethodSymbol Method { get; }

    public bool InLoop { get; }
}

/// <summary>
/// What one region of code (a method body, a loop body) does by itself, without following calls:
/// the building block of the bounded-depth call graph in <see cref="TrainingModel"/>.
/// </summary>
internal sealed class LocalTrainingFacts
{
    public static readonly LocalTrainingFacts Empty = new(false, false, false, false, ImmutableArray<CalleeUse>.Empty);

    public LocalTrainingFacts(bool hasStep, bool hasStepInLoop, bool createsOptimizer, bool opensWindow, ImmutableArray<CalleeUse> callees, bool startsRun = false)
    {
        StartsRun = startsRun;
        HasStep = hasStep;
        HasStepInLoop = hasStepInLoop;
        CreatesOptimizer = createsOptimizer;
        OpensWindow = opensWindow;
        Callees = callees;
    }

    /// <summary>A training step call appears in the region.</summary>
    public bool HasStep { get; }

    /// <summary>A training step call appears inside a loop of the region.</summary>
    public bool HasStepInLoop { get; }

    /// <summary>The region creates an optimizer (a call or construction producing an <c>Optimizer</c>).</summary>
    public bool CreatesOptimizer { get; }

    /// <summary>The region calls a library method that is a whole training run by itself (ML.NET <c>Fit</c> with a trainer, <c>CrossValidate</c>).</summary>
    public bool StartsRun { get; }

    /// <summary>The region opens a CarbonAttrs measurement window (<c>CarbonTracker.Track</c>).</summary>
    public bool OpensWindow { get; }

    /// <summary>Source methods of the same compilation called from the region.</summary>
    public ImmutableArray<CalleeUse> Callees { get; }

    /// <summary>Scans a region once. <paramref name="model"/> supplies the vocabulary; nothing outside the region is visited.</summary>
    public static LocalTrainingFacts Scan(IOperation root, TrainingModel model, TrainingStepMatcher matcher)
    {
        bool hasStep = false, hasStepInLoop = false, createsOptimizer = false, opensWindow = false, startsRun = false;
        var callees = ImmutableArray.CreateBuilder<CalleeUse>();
        var stack = new Stack<(IOperation Operation, bool InLoop)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (operation, inLoop) = stack.Pop();
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var target = invocation.TargetMethod;
                    if (matcher.IsTrainingStep(target))
                    {
                        hasStep = true;
                        hasStepInLoop |= inLoop;
                    }

                    if (model.IsOptimizerCreation(invocation))
                    {
                        createsOptimizer = true;
                    }

                    if (!startsRun && model.RunsStartedBy(invocation) is not null)
                    {
                        startsRun = true;
                    }

                    if (model.Carbon.IsTrackCall(target))
                    {
                        opensWindow = true;
                    }

                    if (model.IsSourceMethod(target))
                    {
                        callees.Add(new CalleeUse(target.OriginalDefinition, inLoop));
                    }

                    break;
                case IObjectCreationOperation creation when model.IsOptimizerCreation(creation):
                    createsOptimizer = true;
                    break;
                case IMethodReferenceOperation reference when model.IsSourceMethod(reference.Method):
                    callees.Add(new CalleeUse(reference.Method.OriginalDefinition, inLoop));
                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                // A loop's collection or bound is evaluated once; only its body repeats.
                var repeats = inLoop || (operation is ILoopOperation loop && operation != root && child == loop.Body);
                stack.Push((child, repeats));
            }
        }

        return new LocalTrainingFacts(hasStep, hasStepInLoop, createsOptimizer, opensWindow, callees.ToImmutable(), startsRun);
    }
}
