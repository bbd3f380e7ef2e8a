using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>
/// Shared set-up of the CarbonAttrs rules: no diagnostics in generated code, concurrent execution, and nothing
/// registered when the compilation cannot contain what the rule looks for (no TorchSharp, no configured step).
/// </summary>
public abstract class TrainingRuleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>True for rules about TorchSharp APIs only; they register nothing when TorchSharp is absent.</summary>
    private protected virtual bool RequiresTorchSharp => false;

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var model = TrainingModel.GetOrCreate(start.Compilation, start.Options);
            if (!model.CanRecogniseTraining || (RequiresTorchSharp && model.Torch is null))
            {
                return;
            }

            Register(start, model);
        });
    }

    private protected abstract void Register(CompilationStartAnalysisContext context, TrainingModel model);
}
