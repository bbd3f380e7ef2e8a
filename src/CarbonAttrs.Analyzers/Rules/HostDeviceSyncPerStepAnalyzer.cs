using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB006: a host-device synchronisation on every iteration of a loop that performs training steps.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostDeviceSyncPerStepAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.HostDeviceSyncPerStep,
        "Host-device synchronisation on every training step",
        "'{0}' copies a tensor to the host on every training step, which stalls the device until all queued work is done",
        DiagnosticSeverity.Info,
        "item<T>(), ToSingle(), ToDouble(), cpu(), data<T>() and similar calls wait for the GPU to finish every queued kernel " +
        "and copy the result back. Once per step, the device idles between steps while the host catches up. Read values " +
        "every N steps (if (step % 100 == 0)), or accumulate on the device and read once per epoch.");

    private static readonly ImmutableHashSet<string> TensorSyncMethods = ImmutableHashSet.Create("item", "cpu", "data", "ToArray");
    private static readonly ImmutableHashSet<string> ExtensionSyncMethods = ImmutableHashSet.Create("ToSingle", "ToDouble", "ToInt32", "ToInt64");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool RequiresTorchSharp => true;

    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model) =>
        context.RegisterOperationAction(c => AnalyzeInvocation(c, model, model.Torch!), OperationKind.Invocation);

    private static void AnalyzeInvocation(OperationAnalysisContext context, TrainingModel model, TorchSharpSymbols torch)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsSync(invocation, torch) || Receiver(invocation) is IInvocationOperation receiver && IsSync(receiver, torch))
        {
            // In a chain such as loss.cpu().item<float>() the first copy is the one that waits.
            return;
        }

        var loop = OperationTree.EnclosingLoops(invocation).FirstOrDefault();
        if (loop?.Body is null || !OperationTree.IsInLoopBody(invocation, loop) || IsConditional(invocation, loop) || !model.StepsOncePerIteration(loop))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
    }

    private static bool IsSync(IInvocationOperation invocation, TorchSharpSymbols torch)
    {
        var method = invocation.TargetMethod;
        if (TensorSyncMethods.Contains(method.Name))
        {
            return !method.IsStatic && torch.IsTensor(invocation.Instance?.Type ?? method.ContainingType);
        }

        return ExtensionSyncMethods.Contains(method.Name)
               && SymbolEqualityComparer.Default.Equals(method.ContainingType, torch.TensorExtensions);
    }

    private static IOperation? Receiver(IInvocationOperation invocation)
    {
        var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 && invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments[0].Value : null);
        return receiver is null ? null : OperationTree.WithoutConversions(receiver);
    }

    /// <summary>True when a condition (if, ?:, &amp;&amp;, ?., switch) decides whether the call runs on a given iteration.</summary>
    private static bool IsConditional(IOperation operation, ILoopOperation loop)
    {
        for (IOperation child = operation, parent = operation.Parent!; parent is not null && child != loop.Body; child = parent, parent = parent.Parent!)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when child != conditional.Condition:
                case IConditionalAccessOperation access when child == access.WhenNotNull:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when child == binary.RightOperand:
                case ICoalesceOperation coalesce when child == coalesce.WhenNull:
                case ISwitchCaseOperation:
                case ISwitchExpressionArmOperation:
                case ICatchClauseOperation:
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    return true;
            }
        }

        return false;
    }
}
