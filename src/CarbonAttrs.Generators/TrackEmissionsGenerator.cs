using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

/// <summary>
/// Wraps every call of a <c>[CarbonAttrs.TrackEmissions]</c> method in a measurement window (C# interceptors),
/// implements partial-pattern methods, and records an inventory of tracked methods in the assembly.
/// Pipeline here; parsing in <c>.Parser.cs</c>; code in <c>.Emitter.cs</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class TrackEmissionsGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interceptorsEnabled = context.ParseOptionsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => Parser.InterceptorsEnabled(pair.Left, pair.Right.GlobalOptions))
            .WithTrackingName(TrackingNames.InterceptorsEnabled);

        var callSites = context.SyntaxProvider
            .CreateSyntaxProvider(Parser.IsCandidateInvocation, Parser.ParseCallSite)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.CallSites);

        var interceptedCalls = callSites
            .Where(static result => result.Call is not null)
            .Select(static (result, _) => result.Call!)
            .WithTrackingName(TrackingNames.InterceptedCalls)
            .Collect();

        var callSiteDiagnostics = callSites
            .Where(static result => result.Diagnostic is not null)
            .Select(static (result, _) => result.Diagnostic!)
            .WithTrackingName(TrackingNames.CallSiteDiagnostics);

        var methodGroupDiagnostics = context.SyntaxProvider
            .CreateSyntaxProvider(Parser.IsCandidateMethodGroup, Parser.ParseMethodGroup)
            .Where(static diagnostic => diagnostic is not null)
            .Select(static (diagnostic, _) => diagnostic!)
            .WithTrackingName(TrackingNames.MethodGroups);

        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.TrackEmissionsAttribute, Parser.IsCandidateDeclaration, Parser.ParseDeclaration)
            .WithTrackingName(TrackingNames.Declarations);

        var partialMethods = declarations
            .Where(static d => d.Partial is not null)
            .Select(static (d, _) => d.Partial!)
            .WithTrackingName(TrackingNames.PartialMethods);

        var inventory = declarations
            .Where(static d => d.Inventory is not null)
            .Select(static (d, _) => d.Inventory!)
            .WithTrackingName(TrackingNames.Inventory)
            .Collect();

        // Source outputs.
        context.RegisterSourceOutput(interceptedCalls.Combine(interceptorsEnabled), static (spc, pair) =>
        {
            // Without the opt-in the compiler would reject every interceptor (CS9137): emit none, report CARB100 instead.
            if (pair.Right && !pair.Left.IsEmpty)
                spc.AddSource(Emitter.InterceptorsHintName, Emitter.EmitInterceptors(pair.Left));
        });
        context.RegisterSourceOutput(partialMethods, static (spc, partial) =>
            spc.AddSource(partial.HintName, Emitter.EmitPartialMethod(partial)));
        context.RegisterSourceOutput(inventory, static (spc, entries) =>
        {
            if (!entries.IsEmpty)
                spc.AddSource(Emitter.InventoryHintName, Emitter.EmitInventory(entries));
        });

        // Diagnostic outputs, separate from source so a diagnostic change never re-emits code.
        context.RegisterSourceOutput(callSiteDiagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));
        context.RegisterSourceOutput(methodGroupDiagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));
        context.RegisterSourceOutput(declarations.Where(static d => d.Diagnostic is not null), static (spc, d) =>
            spc.ReportDiagnostic(d.Diagnostic!.ToDiagnostic()));
        var firstInterceptedCall = interceptedCalls.Select(static (calls, _) => calls.IsEmpty ? null : calls[0].DiagnosticLocation);
        context.RegisterSourceOutput(firstInterceptedCall.Combine(interceptorsEnabled), static (spc, pair) =>
        {
            if (pair.Left is not null && !pair.Right)
                spc.ReportDiagnostic(new DiagnosticInfo(Diagnostics.DiagnosticIds.InterceptorsNotEnabled, pair.Left, EquatableArray<string>.Empty).ToDiagnostic());
        });
    }
}
