using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB004: a training loop whose only exits are data-dependent, with no cap on iterations.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UncappedTrainingLoopAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.UncappedTrainingLoop,
        "Training loop that may never end",
        "This loop performs training steps until a data-dependent condition holds, with no cap on the number of iterations",
        DiagnosticSeverity.Warning,
        "A loop such as while (true) { ... if (loss < 0.01) break; } trains until the loss reaches a threshold. If it never does " +
        "(a learning rate too high, a threshold below the noise floor) the loop burns energy until someone kills the process. " +
        "Add a maximum number of steps or epochs, or a time budget, next to the data-dependent exit.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model) =>
        context.RegisterOperationAction(c => AnalyzeLoop(c, model), OperationKind.Loop);

    private static void AnalyzeLoop(OperationAnalysisContext context, TrainingModel model)
    {
        var loop = (ILoopOperation)context.Operation;
        IOperation? condition;
        switch (loop)
        {
            case IWhileLoopOperation whileLoop:
                condition = whileLoop.Condition;
                break;
            case IForLoopOperation forLoop:
                condition = forLoop.Condition;
                break;
            default:
                return;
        }

        if (loop.Body is null || !HasNoIterationBound(condition) || LoopCaps.HasIterationCap(loop) || HasSourceExhaustionExit(loop))
        {
            return;
        }

        var flags = model.GetRegionFlags(loop.Body);
        if (!flags.PerformsSteps)
        {
            return;
        }

        // Iterations that are whole training runs make a sweep: CARB002 (unknown size) reports it, not CARB004 as well.
        if (flags.RunsTraining && !model.StepsOncePerIteration(loop))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, OperationTree.LoopKeywordLocation(loop)));
    }

    /// <summary>
    /// No condition, a constant true, or a condition made only of flags and floating-point comparisons (a loss
    /// threshold). A condition that calls something returning bool (<c>reader.Read()</c>, <c>MoveNext()</c>) is taken
    /// as iterating a finite source, and an integer comparison as a counter bound.
    /// </summary>
    private static bool HasNoIterationBound(IOperation? condition)
    {
        if (condition is null || condition.ConstantValue is { HasValue: true, Value: true })
        {
            return true;
        }

        foreach (var operation in OperationTree.Descendants(condition).Prepend(condition))
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.ReturnType.SpecialType: SpecialType.System_Boolean }:
                    return false;
                case IBinaryOperation binary when LoopCaps.IsComparison(binary.OperatorKind)
                                                  && (LoopCaps.IsInteger(binary.LeftOperand) || LoopCaps.IsInteger(binary.RightOperand)):
                    return false;
            }
        }

        return true;
    }

    /// <summary>An exit guarded by a boolean call (<c>if (!batches.MoveNext()) break;</c>) ends when the data runs out.</summary>
    private static bool HasSourceExhaustionExit(ILoopOperation loop)
    {
        foreach (var operation in OperationTree.Descendants(loop.Body))
        {
            if (operation is not (IBranchOperation { BranchKind: BranchKind.Break } or IReturnOperation))
            {
                continue;
            }

            for (var current = operation.Parent; current is not null && current != loop; current = current.Parent)
            {
                if (current is IConditionalOperation conditional)
                {
                    foreach (var part in OperationTree.Descendants(conditional.Condition).Prepend(conditional.Condition))
                    {
                        if (part is IInvocationOperation { TargetMethod.ReturnType.SpecialType: SpecialType.System_Boolean })
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }
}
