using System.Collections.Immutable;
using CarbonAttrs.Generators.Diagnostics;
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
        var support = context.ParseOptionsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => Parser.CompilerSupport(pair.Left, pair.Right.GlobalOptions))
            .WithTrackingName(TrackingNames.CompilerSupport);

        // One attribute search serves both the declarations and the source names (each search binds the attributes again).
        var declared = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.TrackEmissionsAttribute, Parser.IsCandidateDeclaration,
                static (c, cancellationToken) => new DeclaredMethod(c.TargetSymbol.Name, Parser.ParseDeclaration(c, cancellationToken)));

        // Names a tracked method can have: declared in source, or in a referenced assembly (scanned once per reference set).
        var sourceNames = declared
            .Select(static (d, _) => d.Name)
            .Collect()
            .Select(static (names, _) => TrackedNames.FromSource(names))
            .WithTrackingName(TrackingNames.SourceMethodNames);
        var referencedNames = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => TrackedNames.FromReferences(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.ReferencedMethodNames);
        var trackedNames = sourceNames.Combine(referencedNames)
            .Select(static (pair, _) => pair.Left.Union(pair.Right))
            .WithTrackingName(TrackingNames.TrackedMethodNames);

        // Syntax facts per tree (TreeFacts), only in a project with a tracked method: each tree's text is indexed once per
        // version (TreeIndex), and only the members that mention a name that can matter (ReadNames) are walked. A tree is
        // read again when it changes, or when those names do; the trees are read in parallel (TreeReading).
        var hasTrackedMethod = trackedNames.Select(static (names, _) => !names.Names.IsEmpty);
        var concurrentBuild = context.CompilationProvider.Select(static (compilation, _) => compilation.Options.ConcurrentBuild);
        var treeIndexes = context.CompilationProvider
            .Combine(hasTrackedMethod)
            .Select(static (pair, cancellationToken) => pair.Right ? TreeReading.IndexesOf(pair.Left, cancellationToken) : ImmutableArray<TreeIndex>.Empty)
            .WithComparer(TreeReading.SameItems<TreeIndex>.Instance)
            .WithTrackingName(TrackingNames.TreeIndex);
        var readNames = treeIndexes
            .Combine(trackedNames)
            .Select(static (pair, cancellationToken) => ReadNames.Of(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ReadNames);
        var treeFacts = treeIndexes
            .Combine(readNames)
            .Combine(concurrentBuild)
            .Select(static (input, cancellationToken) => TreeReading.FactsOf(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithComparer(TreeReading.SameItems<TreeFacts>.Instance)
            .WithTrackingName(TrackingNames.TreeFacts)
            .SelectMany(static (facts, _) => facts);

        // Call sites and method groups: the name test first (cached with its tree); only names of tracked methods are bound.
        var callSites = treeFacts
            .SelectMany(static (facts, _) => facts.Invocations)
            .Combine(trackedNames)
            .Where(static pair => pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left.Node)
            .Collect()
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => Concurrently.Map(pair.Left, static n => n.SyntaxTree, pair.Right, Parser.ParseCallSite, cancellationToken))
            .SelectMany(static (results, _) => results)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.CallSites);

        var interceptedCalls = callSites
            .Where(static result => result.Call is not null)
            .Select(static (result, _) => result.Call!)
            .WithTrackingName(TrackingNames.InterceptedCalls)
            .Collect();

        // Calls unmeasured only for want of access are reported by UnreachableTrackedCallAnalyzer (code fixes need an analyzer's diagnostic).
        var callSiteDiagnostics = callSites
            .Where(static result => result.Diagnostic is not null && !result.AccessReason)
            .Select(static (result, _) => result.Diagnostic!)
            .WithTrackingName(TrackingNames.CallSiteDiagnostics);

        var methodGroupDiagnostics = treeFacts
            .SelectMany(static (facts, _) => facts.MethodGroups)
            .Combine(trackedNames)
            .Where(static pair => pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left.Node)
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => Parser.ParseMethodGroup(pair.Left, pair.Right, cancellationToken))
            .Where(static diagnostic => diagnostic is not null)
            .Select(static (diagnostic, _) => diagnostic!)
            .WithTrackingName(TrackingNames.MethodGroups);

        var declarations = declared
            .Select(static (d, _) => d.Result)
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

        // Loops whose iterations run a tracked method, in any code: a syntax-only call graph names the methods that reach a
        // tracked one, and only loop bodies naming one of those are bound. No tracked method: nothing is bound.
        var memberCalls = treeFacts
            .SelectMany(static (facts, _) => facts.Calls)
            .WithTrackingName(TrackingNames.MemberCalls)
            .Collect();
        var loopNames = trackedNames.Combine(memberCalls)
            .Select(static (pair, _) => TrackedLoopParser.LoopNames(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.LoopNames);
        var loopCandidates = treeFacts.SelectMany(static (facts, _) => facts.Loops);
        var trackedLoops = loopCandidates
            .Combine(loopNames)
            .Where(static pair => TrackedLoopParser.MayRunTrackedLoop(pair.Left, pair.Right))
            .Collect()
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => Concurrently.Map(pair.Left, static p => p.Left.Member.SyntaxTree, pair.Right,
                static (p, compilation, ct) => TrackedLoopParser.ParseMember(p.Left, p.Right, compilation, ct), cancellationToken))
            .SelectMany(static (results, _) => results)
            .WithTrackingName(TrackingNames.TrackedLoops)
            .Where(static member => !member.Sweeps.IsEmpty)
            .Collect();

        var projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => InventoryFile.ProjectDirectory(options));

        // Untracked training sweeps are not searched for here: CARB001 reports them and the footprint runner reads them
        // from the compiler's error log (InventoryFile).
        var inventoryFile = inventory.Combine(projectDirectory).Combine(trackedLoops)
            .Select(static (input, _) => InventoryFile.Combine(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.InventoryFile);

        // ---- source outputs ----
        // Interceptors and the inventory change nothing user code can see (no type or member it can name), so they are
        // implementation outputs: a host that skips those while editing (IncrementalGeneratorOutputKind.Implementation)
        // skips everything only they read, the tracked-loop search included. The build always runs them.
        context.RegisterImplementationSourceOutput(interceptedCalls.Combine(support), static (spc, pair) =>
        {
            // Without the opt-in the compiler would reject every interceptor (CS9137): emit none, report CARB100 instead.
            if (pair.Right.CanIntercept && !pair.Left.IsEmpty)
                spc.AddSource(Emitter.InterceptorsHintName, Emitter.EmitInterceptors(pair.Left));
        });
        context.RegisterSourceOutput(partialMethods.Combine(support), static (spc, pair) =>
        {
            if (pair.Right.LanguageSupported)
                spc.AddSource(pair.Left.HintName, Emitter.EmitPartialMethod(pair.Left));
        });
        context.RegisterImplementationSourceOutput(inventoryFile.Combine(support), static (spc, pair) =>
        {
            if (pair.Right.LanguageSupported && !pair.Left.IsEmpty)
                spc.AddSource(Emitter.InventoryHintName, Emitter.EmitInventory(pair.Left));
        });

        // ---- diagnostic outputs, separate from source so a diagnostic change never re-emits code ----
        context.RegisterSourceOutput(callSiteDiagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));
        context.RegisterSourceOutput(methodGroupDiagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));
        context.RegisterSourceOutput(declarations.Where(static d => d.Diagnostic is not null), static (spc, d) =>
            spc.ReportDiagnostic(d.Diagnostic!.ToDiagnostic()));

        // CARB100 / CARB104 once per compilation, at the first tracked call (or declaration) so the IDE shows it.
        var firstCall = interceptedCalls.Select(static (calls, _) => calls.IsEmpty ? null : calls[0].DiagnosticLocation);
        var firstDeclaration = declarations.Select(static (d, _) => d.Location).Collect()
            .Select(static (locations, _) => locations.IsEmpty ? null : locations[0]);
        context.RegisterSourceOutput(firstCall.Combine(firstDeclaration).Combine(support), static (spc, pair) =>
        {
            var ((call, declaration), compiler) = pair;
            if (!compiler.LanguageSupported && (call ?? declaration) is { } where)
            {
                spc.ReportDiagnostic(new DiagnosticInfo(DiagnosticIds.LanguageVersionTooOld, where,
                    new[] { compiler.LanguageVersion }.ToEquatableArray()).ToDiagnostic());
            }
            else if (compiler.LanguageSupported && !compiler.InterceptorsListed && call is not null)
            {
                spc.ReportDiagnostic(new DiagnosticInfo(DiagnosticIds.InterceptorsNotEnabled, call, EquatableArray<string>.Empty).ToDiagnostic());
            }
        });
    }
}
