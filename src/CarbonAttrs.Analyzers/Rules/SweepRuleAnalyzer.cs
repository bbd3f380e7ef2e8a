using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>Rules about sweeps: the sweeps of each method body are found once per operation block.</summary>
public abstract class SweepRuleAnalyzer : TrainingRuleAnalyzer
{
    private protected sealed override void Register(CompilationStartAnalysisContext context, TrainingModel model) =>
        context.RegisterOperationBlockAction(block =>
        {
            foreach (var root in block.OperationBlocks)
            {
                var sweeps = model.GetSweeps(root, block.CancellationToken);
                if (!sweeps.IsEmpty)
                {
                    Analyze(block, model, sweeps);
                }
            }
        });

    /// <summary>Reports on the outermost sweeps of one operation block (nested sweeps hang under them).</summary>
    private protected abstract void Analyze(OperationBlockAnalysisContext context, TrainingModel model, ImmutableArray<SweepLoop> sweeps);
}
