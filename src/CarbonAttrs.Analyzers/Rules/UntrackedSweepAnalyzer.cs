using System.Collections.Generic;
using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Rules;

/// <summary>CARB001: a sweep whose energy cost is reported nowhere.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntrackedSweepAnalyzer : SweepRuleAnalyzer
{
    /// <summary>Diagnostic property: index in AdditionalLocations of the declaration of the method run per iteration.</summary>
    public const string RunMethodLocationKey = "RunMethodLocation";

    /// <summary>Diagnostic property: index in AdditionalLocations of the declaration of the method enclosing the loop.</summary>
    public const string EnclosingMethodLocationKey = "EnclosingMethodLocation";

    // The sweep as the build-time footprint report lists it (docs/footprint.md): the compiler's error log (SARIF) carries
    // these properties to the footprint runner, so the generator need not search for untracked sweeps itself.

    /// <summary>Diagnostic property: the method run per iteration, <c>Namespace.Type.Method</c> (absent when the loop trains inline).</summary>
    public const string SweepMethodKey = "SweepMethod";

    /// <summary>Diagnostic property: training runs the whole loop nest starts, an invariant integer (absent when unknown).</summary>
    public const string SweepSizeKey = "SweepSize";

    /// <summary>Diagnostic property: the loop keyword and how the size is made, e.g. <c>foreach, 3 × 2</c> or <c>for, size unknown</c>.</summary>
    public const string SweepDescriptionKey = "SweepDescription";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptor.Create(
        DiagnosticIds.UntrackedSweep,
        "Sweep whose energy cost is reported nowhere",
        "This sweep starts a training run ('{0}') on every iteration, but no [TrackEmissions] method or CarbonTracker window records what it costs",
        DiagnosticSeverity.Warning,
        "A hyperparameter sweep multiplies the cost of training by the number of configurations. When neither the training method, " +
        "nor the method enclosing the loop, is marked [TrackEmissions], and no CarbonTracker.Track window encloses the loop, that cost " +
        "never reaches the ledger. Mark the method run per iteration (or the enclosing method) [TrackEmissions].");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(OperationBlockAnalysisContext context, TrainingModel model, ImmutableArray<SweepLoop> sweeps)
    {
        var enclosingMethod = SymbolFacts.ContainingMethod(context.OwningSymbol);
        if (model.Carbon.IsTracked(enclosingMethod))
        {
            return;
        }

        foreach (var sweep in sweeps)
        {
            if (IsReported(sweep, model))
            {
                continue;
            }

            var locations = new List<Location>();
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            var runMethod = sweep.RunPerIteration;
            if (DeclarationLocation(runMethod) is { } runLocation)
            {
                properties[RunMethodLocationKey] = locations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                locations.Add(runLocation);
            }

            if (DeclarationLocation(enclosingMethod) is { } enclosingLocation)
            {
                properties[EnclosingMethodLocationKey] = locations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                locations.Add(enclosingLocation);
            }

            AddInventoryProperties(properties, sweep);

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                OperationTree.LoopKeywordLocation(sweep.Loop),
                locations,
                properties.ToImmutable(),
                runMethod?.Name ?? "training in the loop body"));
        }
    }

    private static void AddInventoryProperties(ImmutableDictionary<string, string?>.Builder properties, SweepLoop sweep)
    {
        if (SweepInventory.QualifiedName(sweep.RunPerIteration) is { } method)
        {
            properties[SweepMethodKey] = method;
        }

        if (sweep.Size.Total is { } size)
        {
            properties[SweepSizeKey] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        properties[SweepDescriptionKey] = SweepInventory.Description(sweep);
    }

    private static bool IsReported(SweepLoop sweep, TrainingModel model)
    {
        if (UsingScopes.IsInside(sweep.Loop, r => IsWindow(r, model)) || OpensWindowPerIteration(sweep.Loop, model))
        {
            return true;
        }

        foreach (var level in sweep.SelfAndNested())
        {
            if (level.TrainsInline)
            {
                return false;
            }

            foreach (var method in level.TrainingMethods)
            {
                if (!model.ReportsRunCost(method))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsWindow(IOperation resource, TrainingModel model) =>
        model.Carbon.IsWindow(resource.Type) || (resource is IInvocationOperation invocation && model.Carbon.IsTrackCall(invocation.TargetMethod));

    private static bool OpensWindowPerIteration(ILoopOperation loop, TrainingModel model)
    {
        foreach (var operation in OperationTree.Descendants(loop))
        {
            if (operation is IInvocationOperation invocation && model.Carbon.IsTrackCall(invocation.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The identifier of a source method declaration (what the fixer decorates), or null.</summary>
    private static Location? DeclarationLocation(IMethodSymbol? method)
    {
        if (method is null || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
        {
            return null;
        }

        method = method.PartialDefinitionPart ?? method.OriginalDefinition;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case MethodDeclarationSyntax declaration:
                    return declaration.Identifier.GetLocation();
                case LocalFunctionStatementSyntax localFunction:
                    return localFunction.Identifier.GetLocation();
            }
        }

        return null;
    }
}
