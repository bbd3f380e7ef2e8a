using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The sweep half of the inventory, found by the analyzers' sweep detection (<see cref="SweepInventory"/> and the
    /// training vocabulary, linked in from CarbonAttrs.Analyzers) and reduced to plain <see cref="SweepEntry"/> data.
    /// <para>
    /// Per member: a syntax pre-filter keeps bodies that contain a loop, and only those are bound, so an edit re-reads
    /// the edited file's members only. The TorchSharp vocabulary needs no options. Training steps configured with
    /// <c>carbonattrs.training_step_methods</c> are options, which a per-member step cannot read: when a project sets
    /// them, a whole-compilation step (<see cref="ParseConfigured"/>) takes over, so the inventory and the analyzers
    /// always agree on what a sweep is.
    /// </para>
    /// </summary>
    internal static class SweepParser
    {
        // One vocabulary model per compilation for the per-member step (callee facts found once per run; bodies bound with
        // the generator's shared models), kept apart from the analyzers' shared cache because it is built without the
        // project's options.
        private static readonly ConditionalWeakTable<Compilation, TrainingModel> PerMemberModels = new();

        // The members the search read, per compilation: what the name gate let through (read by the tests; a reference
        // per member, dropped with the compilation).
        private static readonly ConditionalWeakTable<Compilation, ConcurrentQueue<SyntaxNode>> Searched = new();

        // Of those, the members whose loops call a source method that runs training (LoopCallsTrainingMethod): bound in full.
        private static readonly ConditionalWeakTable<Compilation, ConcurrentQueue<SyntaxNode>> BoundInFull = new();

        /// <summary>The bodies the per-member search read for <paramref name="compilation"/> (tests: what the name gate let through).</summary>
        internal static IReadOnlyCollection<SyntaxNode> SearchedMembers(Compilation compilation)
            => Searched.TryGetValue(compilation, out var members) ? members.ToArray() : Array.Empty<SyntaxNode>();

        /// <summary>Of <see cref="SearchedMembers"/>, those bound in full (a loop calls a source method that runs training).</summary>
        internal static IReadOnlyCollection<SyntaxNode> MembersBoundInFull(Compilation compilation)
            => BoundInFull.TryGetValue(compilation, out var members) ? members.ToArray() : Array.Empty<SyntaxNode>();

        /// <summary>
        /// Simple names of the calls the per-member search recognises as training (see <see cref="TrainingNames"/>):
        /// TorchSharp <c>Tensor.backward</c> and <c>Optimizer.step</c> (<see cref="TrainingStepMatcher"/>), ML.NET
        /// <c>Fit</c> and cross-validation (<see cref="MlNetTrainingRuns"/>). A name added to that vocabulary goes here too,
        /// or the gate hides the sweeps it finds.
        /// </summary>
        internal static readonly string[] TrainingVocabulary = { "backward", "step", "Fit", "CrossValidate", "CrossValidateNonCalibrated" };

        /// <summary>
        /// The vocabulary model of the per-member search for <paramref name="compilation"/>: it reads the body of a callee
        /// only when the callee's name is one of <paramref name="trainingNames"/> (the same for every member of one run: both
        /// come from the compilation).
        /// </summary>
        public static TrainingModel TrainingModelOf(Compilation compilation, TrackedNameSet trainingNames)
            => PerMemberModels.GetValue(compilation, c => TrainingModel.CreateUnshared(c, NoOptions.Instance,
                tree => BindingModels.For(c, tree), method => trainingNames.Contains(method.Name)));

        /// <summary>
        /// Names of source methods that can run training: those whose bodies call the training vocabulary, and their
        /// callers up to <see cref="TrainingModel.MaxCallDepth"/> levels (the depth the sweep detector follows), by name,
        /// from the syntax-only call graph. A sweep entry names such a method (a sweep that trains inline, with no method of
        /// its own, is not listed), so a member whose loops call none of them is not bound.
        /// </summary>
        public static TrackedNameSet TrainingNames(TrackedNameSet tracked, ImmutableArray<MemberCalls> members)
        {
            if (tracked.Names.IsEmpty)
                return TrackedNameSet.Empty;
            var vocabulary = new HashSet<string>(TrainingVocabulary, StringComparer.Ordinal);
            var seeds = members.Where(m => m.Invoked.Any(vocabulary.Contains)).Select(m => m.Name).ToList();
            return seeds.Count == 0 ? TrackedNameSet.Empty : TrackedLoopParser.Callers(seeds, members);
        }

        /// <summary>
        /// The per-member search runs for a body only when one of its loops calls a method that can run training and the
        /// tracked-loop step will not list that loop anyway: a loop outside lambdas that also names a tracked method, or a
        /// method reaching one (<paramref name="loopNames"/>), is that step's, and <see cref="Combine"/> keeps the
        /// tracked-loop entry of a loop found both ways. So what is bound twice on training code is only the loops whose
        /// training runs are not tracked (listed as "not yet measured").
        /// </summary>
        public static bool MayHoldListedSweep(LoopCandidate candidate, TrackedNameSet trainingNames, TrackedNameSet loopNames)
            => !trainingNames.Names.IsEmpty && candidate.Loops.Any(loop => loop.Invoked.Any(trainingNames.Contains)
                && (loop.InLambda || !loop.Invoked.Any(loopNames.Contains)));

        /// <summary>A body that can hold a sweep: a method, constructor, operator, accessor or the top-level statements, with a loop in it.</summary>
        public static bool IsCandidateMember(SyntaxNode node, CancellationToken cancellationToken) => node switch
        {
            BaseMethodDeclarationSyntax m => (m.Body is not null || m.ExpressionBody is not null) && ContainsLoop(m),
            AccessorDeclarationSyntax a => (a.Body is not null || a.ExpressionBody is not null) && ContainsLoop(a),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Any(ContainsLoop),
            _ => false,
        };

        /// <summary>The outermost sweeps of one member, with the full path of its file (made relative later).</summary>
        public static MemberSweeps ParseMember(SyntaxNode member, Compilation compilation, TrackedNameSet trainingNames, CancellationToken cancellationToken)
        {
            try
            {
                var semanticModel = BindingModels.For(compilation, member.SyntaxTree);
                var training = TrainingModelOf(semanticModel.Compilation, trainingNames);
                if (!training.CanRecogniseTraining)
                    return MemberSweeps.None;

                Searched.GetValue(semanticModel.Compilation, static _ => new ConcurrentQueue<SyntaxNode>()).Enqueue(member);
                if (!LoopCallsTrainingMethod(member, semanticModel, training, trainingNames, cancellationToken))
                    return MemberSweeps.None;
                BoundInFull.GetValue(semanticModel.Compilation, static _ => new ConcurrentQueue<SyntaxNode>()).Enqueue(member);
                var owner = member is CompilationUnitSyntax unit
                    ? semanticModel.GetEnclosingSymbol(unit.Members.OfType<GlobalStatementSyntax>().First().SpanStart, cancellationToken)
                    : semanticModel.GetDeclaredSymbol(member, cancellationToken);
                if (semanticModel.GetOperation(member, cancellationToken) is not { } body)
                    return MemberSweeps.None;
                return new MemberSweeps(ToEntries(SweepInventory.ForBody(body, training, owner, cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An inventory without this member's sweeps is a smaller report, never a broken build.
                return MemberSweeps.None;
            }
        }

        /// <summary>
        /// Whether a loop of <paramref name="member"/> calls a source method that runs training: what every listed sweep has
        /// (an entry names the training method run per iteration, <see cref="ToEntries"/>; the detector takes it from an
        /// invocation in the loop nest, lambdas included, whose target is such a method). Binds only the calls in loops named
        /// like one (<paramref name="trainingNames"/>), so a body whose loops call <c>model.train()</c> or a library
        /// <c>step</c> is not bound in full: in TorchSharp code most bodies with such a loop train inline, and their sweeps
        /// are not listed anyway.
        /// </summary>
        private static bool LoopCallsTrainingMethod(SyntaxNode member, SemanticModel model, TrainingModel training,
            TrackedNameSet trainingNames, CancellationToken cancellationToken)
        {
            var parts = member is CompilationUnitSyntax unit ? unit.Members.OfType<GlobalStatementSyntax>() : (IEnumerable<SyntaxNode>)new[] { member };
            foreach (var invocation in parts.SelectMany(p => p.DescendantNodes()).OfType<InvocationExpressionSyntax>())
            {
                if (TrackedNames.InvokedName(invocation) is not { } name || !trainingNames.Contains(name)
                    || !invocation.Ancestors().TakeWhile(a => a != member).Any(TrackedLoopParser.IsLoop))
                    continue;
                // A call whose candidates are known (CallCandidates) is not bound: one running training opens the gate.
                if (CallCandidates.Of(invocation, model, cancellationToken) is { } candidates)
                {
                    if (candidates.Any(candidate => RunsTraining(candidate, training)))
                        return true;
                    continue;
                }
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called && RunsTraining(called.ReducedFrom ?? called, training))
                    return true;
            }
            return false;
        }

        private static bool RunsTraining(IMethodSymbol method, TrainingModel training)
            => training.IsSourceMethod(method) && training.GetFlags(method, TrainingModel.MaxCallDepth).RunsTraining;

        /// <summary>
        /// Every sweep of the compilation when the project configures training step methods (null otherwise: the
        /// per-member step stands). Reads the whole compilation, so it runs only for projects that opt in.
        /// </summary>
        public static ConfiguredSweeps ParseConfigured(Compilation compilation, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            if (!compilation.SyntaxTrees.Any(tree => CarbonAttrsAnalyzerOptions.GetRaw(options, tree, CarbonAttrsAnalyzerOptions.TrainingStepMethodsKey) is not null))
                return ConfiguredSweeps.NotConfigured;
            try
            {
                return new ConfiguredSweeps(true, ToEntries(SweepInventory.Collect(compilation, options, cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new ConfiguredSweeps(true, EquatableArray<SweepEntry>.Empty);
            }
        }

        /// <summary>
        /// The inventory file's content: sweeps from whichever step applies, in source order, files relative to the
        /// project (the same on every machine), methods by their ledger names (a tracked method's <c>Name</c>, else
        /// its qualified name).
        /// </summary>
        public static InventoryModel Combine(ImmutableArray<InventoryEntry> methods, ImmutableArray<MemberSweeps> perMember,
            ConfiguredSweeps configured, string? projectDir, ImmutableArray<MemberSweeps> trackedLoops)
        {
            var ledgerNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var method in methods)
            {
                if (!ledgerNames.ContainsKey(method.QualifiedName))
                    ledgerNames.Add(method.QualifiedName, method.Name);
            }
            // A loop found both ways keeps its tracked-loop entry: it names the tracked method whose ledger runs project it
            // (a sweep names the training method, which may be an untracked helper).
            var loops = trackedLoops.SelectMany(m => m.Sweeps).ToList();
            var loopLines = new HashSet<(string, int)>(loops.Select(l => (l.File, l.Line)));
            var found = (configured.Active ? (IEnumerable<SweepEntry>)configured.Sweeps : perMember.SelectMany(m => m.Sweeps))
                .Where(s => !loopLines.Contains((s.File, s.Line)))
                .Concat(loops);
            var sweeps = found
                .Select(s => s with
                {
                    Method = ledgerNames.TryGetValue(s.Method, out var name) ? name : s.Method,
                    File = RelativeFile(s.File, projectDir),
                })
                .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line);
            return new InventoryModel(methods.ToEquatableArray(), sweeps.ToEquatableArray());
        }

        public static string? ProjectDirectory(AnalyzerConfigOptionsProvider options)
            => options.GlobalOptions.TryGetValue("build_property.ProjectDir", out var dir) && !string.IsNullOrEmpty(dir) ? dir : null;

        private static EquatableArray<SweepEntry> ToEntries(IEnumerable<SweepRecord> records)
        {
            var entries = new List<SweepEntry>();
            foreach (var record in records)
            {
                // Nested sweeps are counted in their outer sweep's size; a sweep that trains inline has no method whose
                // measured runs could be multiplied (CARB001 asks to move the run into a [TrackEmissions] method).
                if (record.NestingDepth != 0 || record.TrainingMethod is null)
                    continue;
                var description = record.LoopKind + (record.Size is null ? ", size unknown" : ", " + record.SizeExpression);
                entries.Add(new SweepEntry(record.TrainingMethod, record.FilePath, record.Line, record.Size, description));
            }
            return entries.ToEquatableArray();
        }

        private static bool ContainsLoop(SyntaxNode node) => node.DescendantNodes().Any(TrackedLoopParser.IsLoop);

        /// <summary>Relative to the project folder with '/', else the file name.</summary>
        private static string RelativeFile(string path, string? projectDir)
        {
            if (projectDir is not null)
            {
                var root = projectDir.Replace('\\', '/').TrimEnd('/') + "/";
                var file = path.Replace('\\', '/');
                if (file.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                    return file.Substring(root.Length);
            }
            return Path.GetFileName(path);
        }

        /// <summary>Options for a step that reads none (the tracked-loop step counts iterations without the project's options).</summary>
        internal static AnalyzerConfigOptionsProvider NoOptionsProvider => NoOptions.Instance;

        /// <summary>The per-member step reads no options (the TorchSharp vocabulary needs none).</summary>
        private sealed class NoOptions : AnalyzerConfigOptionsProvider
        {
            public static readonly NoOptions Instance = new();

            public override AnalyzerConfigOptions GlobalOptions => Empty.Instance;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty.Instance;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty.Instance;

            private sealed class Empty : AnalyzerConfigOptions
            {
                public static readonly Empty Instance = new();

                public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
                {
                    value = null;
                    return false;
                }
            }
        }
    }
}
