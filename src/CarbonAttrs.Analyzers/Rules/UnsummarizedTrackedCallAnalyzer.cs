using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB008: a <c>[TrackEmissions]</c> method without <c>Summarize = true</c> called on every iteration of a hot loop.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsummarizedTrackedCallAnalyzer : TrainingRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.UnsummarizedTrackedCallInHotLoop,
        "Tracked method called on every iteration of a hot loop",
        "'{0}' is [TrackEmissions] without Summarize = true and is called {1}: one ledger row per call floods the ledger",
        DiagnosticSeverity.Warning,
        "Each call of a [TrackEmissions] method writes one ledger row. Called per batch or per step, or in a loop of more than " +
        "carbonattrs.max_rows_per_loop iterations (default 1,000), that is thousands of rows, and the measurement windows themselves " +
        "add overhead. Set Summarize = true to aggregate all calls into one row with a call count. A sweep calling a tracked " +
        "training run once per configuration is the intended use and is not reported.");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext context, TrainingModel model)
    {
        if (model.Carbon.TrackEmissionsAttribute is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, model), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TrainingModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var attribute = model.Carbon.GetTrackEmissions(invocation.TargetMethod);
        if (attribute is null || CarbonAttrsSymbols.IsSummarized(attribute))
        {
            return;
        }

        // A tracked training run, once per configuration, is exactly what one row per call is for.
        if (model.IsSourceMethod(invocation.TargetMethod) && model.RunsTraining(invocation.TargetMethod))
        {
            return;
        }

        var how = HowOften(invocation, model);
        if (how is null)
        {
            return;
        }

        var locations = new List<Location>();
        if (attribute.ApplicationSyntaxReference is { } attributeSyntax)
        {
            locations.Add(Location.Create(attributeSyntax.SyntaxTree, attributeSyntax.Span));
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), locations, invocation.TargetMethod.Name, how));
    }

    /// <summary>"on every training step" or "N times", or null when the loops around the call are not hot.</summary>
    private static string? HowOften(IInvocationOperation invocation, TrainingModel model)
    {
        long knownRows = 1;
        var anyLoop = false;
        foreach (var loop in OperationTree.EnclosingLoops(invocation))
        {
            if (!OperationTree.IsInLoopBody(invocation, loop))
            {
                continue;
            }

            anyLoop = true;
            if (model.StepsOncePerIteration(loop))
            {
                return "on every training step";
            }

            if (IterationCounter.Count(loop, model).Value is { } count)
            {
                knownRows = count != 0 && knownRows > long.MaxValue / count ? long.MaxValue : knownRows * count;
            }
        }

        var maximum = CarbonAttrsAnalyzerOptions.GetPositiveNumber(
            model.Options,
            invocation.Syntax.SyntaxTree,
            CarbonAttrsAnalyzerOptions.MaxRowsPerLoopKey,
            CarbonAttrsAnalyzerOptions.DefaultMaxRowsPerLoop);
        return anyLoop && knownRows > maximum ? knownRows.ToString("N0", CultureInfo.InvariantCulture) + " times" : null;
    }
}
