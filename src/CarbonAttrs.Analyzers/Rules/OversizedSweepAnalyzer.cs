using System.Collections.Immutable;
using System.Globalization;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB003: a sweep whose known size exceeds <c>carbonattrs.max_sweep_configurations</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OversizedSweepAnalyzer : SweepRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.OversizedSweep,
        "Sweep larger than the configured maximum",
        "This sweep starts {0} training runs, more than the {1} allowed by carbonattrs.max_sweep_configurations",
        DiagnosticSeverity.Warning,
        "A grid search multiplies: three learning rates, four batch sizes and ten seeds are 120 full training runs. " +
        "When the product of the nested sweep loops exceeds carbonattrs.max_sweep_configurations (default 100), " +
        "consider random search with a trial cap, early stopping, or a smaller grid.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(OperationBlockAnalysisContext context, TrainingModel model, ImmutableArray<SweepLoop> sweeps)
    {
        foreach (var sweep in sweeps)
        {
            var maximum = CarbonAttrsAnalyzerOptions.GetPositiveNumber(
                model.Options,
                sweep.Loop.Syntax.SyntaxTree,
                CarbonAttrsAnalyzerOptions.MaxSweepConfigurationsKey,
                CarbonAttrsAnalyzerOptions.DefaultMaxSweepConfigurations);
            if (sweep.Size.Total is { } total && total > maximum)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    OperationTree.LoopKeywordLocation(sweep.Loop),
                    sweep.Size.Describe(),
                    maximum.ToString("N0", CultureInfo.InvariantCulture)));
            }
        }
    }
}
