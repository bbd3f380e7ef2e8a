using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB002: a sweep loop whose iteration count has no bound known at compile time.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedSweepAnalyzer : SweepRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.UnboundedSweep,
        "Sweep of unknown size",
        "This sweep starts a training run on every iteration and its size is unbounded: {0}",
        DiagnosticSeverity.Warning,
        "Every iteration of a sweep pays for a full training run. When the number of iterations is not known at compile time " +
        "(a while loop with no constant bound, a foreach over a source of unknown size, a random search with no trial cap), " +
        "nobody can tell before running it what the sweep will cost. Iterate over a fixed grid or cap the number of trials.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(OperationBlockAnalysisContext context, TrainingModel model, ImmutableArray<SweepLoop> sweeps)
    {
        foreach (var outer in sweeps)
        {
            foreach (var sweep in outer.SelfAndNested())
            {
                if (sweep.Count.IsUnbounded)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, OperationTree.LoopKeywordLocation(sweep.Loop), sweep.Count.Reason));
                }
            }
        }
    }
}
