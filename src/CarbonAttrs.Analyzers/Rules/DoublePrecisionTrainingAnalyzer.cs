using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB007: double precision in a method that runs training, or in a Module subclass that a training run builds.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoublePrecisionTrainingAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.DoublePrecisionTraining,
        "Double precision in training",
        "'{0}' trains in double precision; float32 (or lower) is usually enough and far cheaper",
        DiagnosticSeverity.Info,
        "64-bit floating point is rarely needed to train a neural network. Data-centre GPUs run FP64 at a fraction of their " +
        "FP32 throughput (1/2 on an H100, 1/64 on consumer cards) and every tensor takes twice the memory and bandwidth. " +
        "Use float32, or mixed precision, unless the model is known to need float64.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool RequiresTorchSharp => true;

    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model)
    {
        var torch = model.Torch!;
        context.RegisterOperationAction(c => AnalyzeField(c, model, torch), OperationKind.FieldReference);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, model, torch), OperationKind.Invocation);
    }

    /// <summary><c>ScalarType.Float64</c>, <c>torch.float64</c>, <c>torch.@double</c>, when used as a value (not compared).</summary>
    private static void AnalyzeField(OperationAnalysisContext context, TrainingModel model, TorchSharpSymbols torch)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        var isFloat64 = (field.Name == "Float64" && SymbolEqualityComparer.Default.Equals(field.ContainingType, torch.ScalarType))
                        || (field.Name is "float64" or "double" && SymbolEqualityComparer.Default.Equals(field.ContainingType, torch.Torch));
        if (!isFloat64 || !IsUsedAsValue(reference) || !InTrainingCode(context.ContainingSymbol, model, torch))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), reference.Syntax.ToString()));
    }

    /// <summary><c>tensor.@double()</c> and <c>module.@double()</c>.</summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context, TrainingModel model, TorchSharpSymbols torch)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var isDouble = method.Name == "double"
                       && (SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.Tensor)
                           || SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.ModuleExtensions));
        if (!isDouble || !InTrainingCode(context.ContainingSymbol, model, torch))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
    }

    /// <summary>Passed, assigned, returned or initialised: a dtype chosen, not a dtype tested (<c>t.dtype == Float64</c>).</summary>
    private static bool IsUsedAsValue(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation or IVariableInitializerOperation or ISimpleAssignmentOperation or IReturnOperation;
    }

    private static bool InTrainingCode(ISymbol containingSymbol, TrainingModel model, TorchSharpSymbols torch)
    {
        var method = SymbolFacts.ContainingMethod(containingSymbol);
        if (method is not null && model.RunsTraining(method))
        {
            return true;
        }

        var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
        return type is not null && torch.IsModuleType(type) && model.IsTrainedModule(type);
    }
}
