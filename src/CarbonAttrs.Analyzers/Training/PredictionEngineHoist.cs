using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>Where a prediction engine created in a loop can be created instead (shared by CARB009 and its fix).</summary>
internal static class PredictionEngineHoist
{
    /// <summary>
    /// The outermost enclosing loop (not crossing a lambda or local function) whose body holds the creation and whose
    /// iterations cannot change its arguments; null when the creation is in no loop body or depends on the innermost loop
    /// (one engine per model a sweep trains is not waste).
    /// </summary>
    public static ILoopOperation? OutermostInvariantLoop(IInvocationOperation creation)
    {
        ILoopOperation? target = null;
        foreach (var loop in OperationTree.EnclosingLoops(creation))
        {
            if (!OperationTree.IsInLoopBody(creation, loop) || !LoopInvariance.IsInvariant(creation, loop))
            {
                break;
            }

            target = loop;
        }

        return target;
    }
}
