using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB009: <c>MLContext.Model.CreatePredictionEngine</c> on every iteration of a loop, for a model the loop does not change.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictionEngineInLoopAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.PredictionEngineInLoop,
        "Prediction engine created on every iteration of a loop",
        "A prediction engine is created on every iteration of this '{0}' loop for the same model; create it once before the loop",
        DiagnosticSeverity.Warning,
        "CreatePredictionEngine builds the whole prediction pipeline (schema binding, row mappers, buffers) for a model. Inside a loop " +
        "whose iterations all use the same model, that work, and its energy, is repeated for every item scored. Create the engine once " +
        "before the loop (or take it from a PredictionEnginePool in a server), or score the whole batch with ITransformer.Transform.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model)
    {
        if (model.MlNet is not { } mlNet)
        {
            return;
        }

        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (mlNet.Symbols.IsPredictionEngineCreation(invocation.TargetMethod) && PredictionEngineHoist.OutermostInvariantLoop(invocation) is { } loop)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), loop.Syntax.GetFirstToken().ValueText));
                }
            },
            OperationKind.Invocation);
    }
}
