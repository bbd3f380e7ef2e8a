using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB005: a forward pass in evaluation code that still records the autograd graph.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForwardWithoutNoGradAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.ForwardWithoutNoGrad,
        "Forward pass in evaluation code records gradients",
        "'{0}' runs a forward pass in evaluation code outside torch.no_grad(): the autograd graph is built and never used",
        DiagnosticSeverity.Warning,
        "Outside torch.no_grad() or torch.inference_mode(), every forward pass records the autograd graph and keeps the " +
        "activations alive for a backward pass that evaluation never runs: more memory traffic, more energy, smaller batches. " +
        "Evaluation code is a method that calls eval() on a module before the forward, or whose name starts with one of " +
        "carbonattrs.evaluation_method_prefixes and performs no training step.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool RequiresTorchSharp => true;

    // One diagnostic per evaluation scope (an operation block): the first forward, the others as additional locations,
    // since one no_grad() around the scope fixes them all.
    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model) =>
        context.RegisterOperationBlockStartAction(block =>
        {
            var forwards = new List<IInvocationOperation>();
            block.RegisterOperationAction(c =>
            {
                if (IsForwardWithoutNoGrad(c, model, model.Torch!))
                {
                    lock (forwards)
                    {
                        forwards.Add((IInvocationOperation)c.Operation);
                    }
                }
            }, OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (forwards.Count == 0)
                {
                    return;
                }

                var ordered = forwards.OrderBy(f => f.Syntax.SpanStart).ToList();
                var first = ordered[0];
                end.ReportDiagnostic(Diagnostic.Create(Rule, first.Syntax.GetLocation(), ordered.Skip(1).Select(f => f.Syntax.GetLocation()),
                    first.Instance!.Syntax.ToString()));
            });
        });

    private static bool IsForwardWithoutNoGrad(OperationAnalysisContext context, TrainingModel model, TorchSharpSymbols torch)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Instance is null || !torch.IsForwardPass(invocation.TargetMethod))
        {
            return false;
        }

        var method = SymbolFacts.ContainingMethod(context.ContainingSymbol);
        if (method is null
            || !IsEvaluationCode(invocation, method, model, torch)
            || GradientScopes.IsGradientFree(invocation, torch)
            || model.NamesCalledWithoutGradients.Contains(method.Name))
        {
            return false;
        }

        return true;
    }

    private static bool IsEvaluationCode(IInvocationOperation forward, IMethodSymbol method, TrainingModel model, TorchSharpSymbols torch)
    {
        switch (LastModeSwitchBefore(forward, torch))
        {
            case ModuleMode.Evaluation:
                return true;
            case ModuleMode.Training:
                return false;
        }

        var prefixes = CarbonAttrsAnalyzerOptions.GetList(
            model.Options,
            forward.Syntax.SyntaxTree,
            CarbonAttrsAnalyzerOptions.EvaluationMethodPrefixesKey,
            CarbonAttrsAnalyzerOptions.DefaultEvaluationMethodPrefixes);
        foreach (var prefix in prefixes)
        {
            if (method.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return !model.PerformsTrainingSteps(method);
            }
        }

        return false;
    }

    /// <summary>The last <c>eval()</c> / <c>train(...)</c> on a module written before the forward in the same method body.</summary>
    private static ModuleMode LastModeSwitchBefore(IOperation forward, TorchSharpSymbols torch)
    {
        var root = forward;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var mode = ModuleMode.Unknown;
        var latest = -1;
        foreach (var operation in OperationTree.Descendants(root))
        {
            if (operation is not IInvocationOperation { TargetMethod.Name: "eval" or "train" } call
                || call.Syntax.SpanStart >= forward.Syntax.SpanStart
                || call.Syntax.SpanStart <= latest
                || !torch.IsModuleType(call.TargetMethod.ContainingType))
            {
                continue;
            }

            latest = call.Syntax.SpanStart;
            var trainsOff = call.Arguments.Length > 0 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false };
            mode = call.TargetMethod.Name == "eval" || trainsOff ? ModuleMode.Evaluation : ModuleMode.Training;
        }

        return mode;
    }

    private enum ModuleMode
    {
        Unknown,
        Evaluation,
        Training,
    }
}
