using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// The shared vocabulary of the rules (training step, training run, sweep) for one compilation, with a
/// bounded-depth call graph over source methods of the same compilation. One instance per compilation is
/// shared by every CarbonAttrs analyzer, so a callee's body is bound and scanned once, whichever rule asks.
/// </summary>
internal sealed class TrainingModel
{
    /// <summary>How many call levels below the analysed method are followed ("a few levels deep").</summary>
    public const int MaxCallDepth = 3;

    private static readonly ConditionalWeakTable<Compilation, TrainingModel> Cache = new();

    private readonly ConcurrentDictionary<SyntaxTree, TrainingStepMatcher> _matchers = new();
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _semanticModels = new();
    private readonly ConcurrentDictionary<IMethodSymbol, LocalTrainingFacts> _localFacts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<MethodAtDepth, TrainingFlags> _flags = new();
    private readonly ConcurrentDictionary<MethodAtDepth, SweepSize> _runsPerCall = new();
    private readonly ConcurrentDictionary<IOperation, ImmutableArray<SweepLoop>> _sweepsByBody = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _trainedModules = new(SymbolEqualityComparer.Default);
    private readonly Lazy<ImmutableHashSet<string>> _namesCalledWithoutGradients;
    private readonly TrainingStepMatcher _globalMatcher;
    private readonly Func<SyntaxTree, SemanticModel>? _semanticModelOf;

    private TrainingModel(
        Compilation compilation,
        AnalyzerConfigOptionsProvider options,
        TorchSharpSymbols? torch,
        Func<SyntaxTree, SemanticModel>? semanticModelOf = null)
    {
        _semanticModelOf = semanticModelOf;
        Compilation = compilation;
        Options = options;
        Torch = torch;
        MlNet = MlNetSymbols.TryCreate(compilation) is { } mlNet ? new MlNetTrainingRuns(mlNet) : null;
        Carbon = new CarbonAttrsSymbols(compilation);
        _globalMatcher = CreateMatcher(null);
        _namesCalledWithoutGradients = new Lazy<ImmutableHashSet<string>>(() => GradientScopes.NamesCalledWithoutGradients(compilation));
        CanRecogniseTraining = torch is not null || MlNet is not null || _globalMatcher.CanMatchAnything || AnyTreeConfiguresSteps();
    }

    public Compilation Compilation { get; }

    public AnalyzerConfigOptionsProvider Options { get; }

    /// <summary>TorchSharp symbols, or null when TorchSharp is not referenced.</summary>
    public TorchSharpSymbols? Torch { get; }

    /// <summary>The ML.NET vocabulary (which calls start training runs), or null when Microsoft.ML is not referenced.</summary>
    public MlNetTrainingRuns? MlNet { get; }

    public CarbonAttrsSymbols Carbon { get; }

    /// <summary>False when no training step can exist in this compilation: the vocabulary rules register nothing.</summary>
    public bool CanRecogniseTraining { get; }

    /// <summary>The model shared by all analyzers of <paramref name="compilation"/>.</summary>
    public static TrainingModel GetOrCreate(Compilation compilation, AnalyzerOptions options) =>
        GetOrCreate(compilation, options.AnalyzerConfigOptionsProvider);

    /// <summary>The shared model, for callers outside an analyzer (a generator, the report) that hold only the options provider.</summary>
    /// <remarks>
    /// Keyed by the compilation alone: every analyzer of a compilation sees the same .editorconfig content, though
    /// the driver may hand each one its own options instance. Sharing is what makes a callee body bound once.
    /// </remarks>
    public static TrainingModel GetOrCreate(Compilation compilation, AnalyzerConfigOptionsProvider options) =>
        Cache.GetValue(compilation, c => new TrainingModel(c, options, TorchSharpSymbols.TryCreate(c)));

    /// <summary>
    /// A model outside the shared cache, for a caller whose options are not the project's (the generator's loop counting
    /// reads none): caching it would hide configured training steps from every later user of the compilation.
    /// </summary>
    public static TrainingModel CreateUnshared(Compilation compilation, AnalyzerConfigOptionsProvider options) =>
        new(compilation, options, TorchSharpSymbols.TryCreate(compilation));

    /// <summary>
    /// An unshared model that binds callee bodies with the caller's semantic models (the generator shares one model per
    /// tree, without nullable analysis, across all its steps) instead of models of its own.
    /// </summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="options">The options the vocabulary reads.</param>
    /// <param name="semanticModelOf">The semantic model of a tree of the compilation.</param>
    public static TrainingModel CreateUnshared(
        Compilation compilation,
        AnalyzerConfigOptionsProvider options,
        Func<SyntaxTree, SemanticModel> semanticModelOf) =>
        new(compilation, options, TorchSharpSymbols.TryCreate(compilation), semanticModelOf);

    public TrainingStepMatcher GetMatcher(SyntaxTree? tree) =>
        tree is null ? _globalMatcher : _matchers.GetOrAdd(tree, CreateMatcher);

    public bool IsOptimizerCreation(IOperation operation) =>
        Torch is not null && operation switch
        {
            IInvocationOperation invocation => Torch.IsOptimizerType(invocation.TargetMethod.ReturnType),
            IObjectCreationOperation creation => Torch.IsOptimizerType(creation.Type),
            _ => false,
        };

    /// <summary>
    /// The training runs a library call starts by itself (ML.NET: a <c>Fit</c> of a chain with a trainer is one, a
    /// <c>CrossValidate</c> is one per fold), or null when it starts none. TorchSharp runs are source methods, found by
    /// <see cref="RunsTraining"/>.
    /// </summary>
    public SweepSize? RunsStartedBy(IInvocationOperation invocation) => MlNet?.RunsStartedBy(invocation);

    /// <summary>A method of this compilation with a body we can read (partial parts resolved).</summary>
    public bool IsSourceMethod(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        return !method.IsAbstract
            && !method.IsExtern
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly)
            && !(method.PartialImplementationPart ?? method).DeclaringSyntaxReferences.IsEmpty;
    }

    public bool IsTrainingStep(IInvocationOperation invocation) =>
        GetMatcher(invocation.Syntax.SyntaxTree).IsTrainingStep(invocation.TargetMethod);

    /// <summary>The method body performs training steps, itself or through its callees.</summary>
    public bool PerformsTrainingSteps(IMethodSymbol method) => GetFlags(method, MaxCallDepth).PerformsSteps;

    /// <summary>The method performs training steps in a loop (an epoch or batch loop), itself or through its callees.</summary>
    public bool TrainsInLoop(IMethodSymbol method) => GetFlags(method, MaxCallDepth).StepsInLoop;

    /// <summary>The method runs training: it creates an optimizer and trains in a loop, or calls a method that does.</summary>
    public bool RunsTraining(IMethodSymbol method) => GetFlags(method, MaxCallDepth).RunsTraining;

    /// <summary>The method's training cost reaches the ledger: it, or the training run it calls, is tracked.</summary>
    public bool ReportsRunCost(IMethodSymbol method) => GetFlags(method, MaxCallDepth).ReportsCost;

    /// <summary>
    /// The loop performs a training step at its own level (per batch / per step): a step call, or a call to a method
    /// that performs steps without a loop of its own. An epoch loop, whose steps are in a nested loop, is not one.
    /// </summary>
    public bool StepsOncePerIteration(ILoopOperation loop)
    {
        foreach (var operation in OperationTree.OncePerIteration(loop.Body))
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (IsTrainingStep(invocation))
            {
                return true;
            }

            if (IsSourceMethod(invocation.TargetMethod)
                && PerformsTrainingSteps(invocation.TargetMethod)
                && !TrainsInLoop(invocation.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Facts for an arbitrary region (a loop body), following its calls to <paramref name="depth"/> levels.</summary>
    public TrainingFlags GetRegionFlags(IOperation region, int depth = MaxCallDepth) =>
        Combine(LocalTrainingFacts.Scan(region, this, GetMatcher(region.Syntax.SyntaxTree)), null, depth);

    public LocalTrainingFacts GetLocalFacts(IMethodSymbol method) =>
        _localFacts.GetOrAdd(method.OriginalDefinition, m =>
        {
            var body = GetBody(m, CancellationToken.None);
            return body is null ? LocalTrainingFacts.Empty : LocalTrainingFacts.Scan(body, this, GetMatcher(body.Syntax.SyntaxTree));
        });

    public TrainingFlags GetFlags(IMethodSymbol method, int depth) =>
        _flags.GetOrAdd(new MethodAtDepth(method.OriginalDefinition, depth), key => Combine(GetLocalFacts(key.Method), key.Method, key.Depth));

    /// <summary>
    /// How many training runs one call of <paramref name="method"/> starts: one, or the size of the sweeps in its body.
    /// </summary>
    public SweepSize GetRunsPerCall(IMethodSymbol method, int depth)
    {
        if (depth <= 0)
        {
            return SweepSize.One;
        }

        return _runsPerCall.GetOrAdd(new MethodAtDepth(method.OriginalDefinition, depth), key =>
        {
            var body = GetBody(key.Method, CancellationToken.None);
            if (body is null)
            {
                return SweepSize.One;
            }

            var sweeps = SweepDetector.FindSweeps(body, this, key.Depth - 1, CancellationToken.None);
            if (sweeps.IsEmpty)
            {
                return RunsStartedOutsideLoops(body);
            }

            var sizes = new List<SweepSize>(sweeps.Length);
            foreach (var sweep in sweeps)
            {
                sizes.Add(sweep.Size);
            }

            return SweepSize.Sum(sizes);
        });
    }

    /// <summary>
    /// The runs a body with no sweep starts through library calls outside loops (an ML.NET <c>CrossValidate</c> of 10 folds
    /// is 10), or one: a TorchSharp run method is one run per call.
    /// </summary>
    private SweepSize RunsStartedOutsideLoops(IOperation body)
    {
        if (MlNet is null)
        {
            return SweepSize.One;
        }

        var runs = new List<SweepSize>();
        foreach (var operation in OperationTree.DescendantsAtLoopLevel(body))
        {
            if (operation is IInvocationOperation invocation && RunsStartedBy(invocation) is { } started)
            {
                runs.Add(started);
            }
        }

        return runs.Count == 0 ? SweepSize.One : SweepSize.Sum(runs);
    }

    /// <summary>
    /// The outermost sweeps of an operation block, found once and shared by CARB001-CARB003 (the driver hands every
    /// analyzer the same cached operation tree for a block).
    /// </summary>
    public ImmutableArray<SweepLoop> GetSweeps(IOperation body, CancellationToken cancellationToken) =>
        _sweepsByBody.TryGetValue(body, out var known)
            ? known
            : _sweepsByBody.GetOrAdd(body, SweepDetector.FindSweeps(body, this, MaxCallDepth, cancellationToken));

    /// <summary>Names of methods some caller invokes inside a no-grad scope (see <see cref="GradientScopes"/>).</summary>
    public ImmutableHashSet<string> NamesCalledWithoutGradients => _namesCalledWithoutGradients.Value;

    /// <summary>A <c>Module</c> subclass constructed by a method that runs training (see <see cref="TrainedModules"/>).</summary>
    public bool IsTrainedModule(INamedTypeSymbol moduleType) =>
        _trainedModules.GetOrAdd(moduleType.OriginalDefinition, t => TrainedModules.IsTrained(t, this, CancellationToken.None));

    /// <summary>The operation tree of a source method's body (any tree of the compilation), or null.</summary>
    public IOperation? GetBody(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            var hasBody = node switch
            {
                BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
                LocalFunctionStatementSyntax f => f.Body is not null || f.ExpressionBody is not null,
                AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
                ArrowExpressionClauseSyntax => true,
                _ => false,
            };
            if (!hasBody)
            {
                continue;
            }

            var operation = GetSemanticModel(node.SyntaxTree)?.GetOperation(node, cancellationToken);
            if (operation is ILocalFunctionOperation localFunction)
            {
                return localFunction.Body ?? (IOperation?)localFunction.IgnoredBody;
            }

            if (operation is not null)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// A semantic model for another tree of the compilation: the bounded call graph reads callee bodies, which
    /// an operation action cannot reach otherwise. Models are cached per tree for the compilation's lifetime.
    /// </summary>
    public SemanticModel? GetSemanticModel(SyntaxTree tree)
    {
        if (!Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        if (_semanticModelOf is not null)
        {
            return _semanticModelOf(tree);
        }

#pragma warning disable RS1030 // Callee bodies live in other trees; reading them is the point of the bounded call graph.
        return _semanticModels.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));
#pragma warning restore RS1030
    }

    private TrainingFlags Combine(LocalTrainingFacts facts, IMethodSymbol? self, int depth)
    {
        var performs = facts.HasStep;
        var stepsInLoop = facts.HasStepInLoop;
        var runsViaCallee = false;
        var reportsViaCallee = false;
        if (depth > 0)
        {
            foreach (var callee in facts.Callees)
            {
                if (SymbolEqualityComparer.Default.Equals(callee.Method, self))
                {
                    continue;
                }

                var flags = GetFlags(callee.Method, depth - 1);
                performs |= flags.PerformsSteps;
                stepsInLoop |= flags.StepsInLoop || (callee.InLoop && flags.PerformsSteps);
                runsViaCallee |= flags.RunsTraining;
                reportsViaCallee |= flags.RunsTraining && flags.ReportsCost;
            }
        }

        var runs = (facts.CreatesOptimizer && stepsInLoop) || facts.StartsRun || runsViaCallee;
        var reports = Carbon.IsTracked(self) || facts.OpensWindow || reportsViaCallee;
        return new TrainingFlags(performs, stepsInLoop, runs, reports);
    }

    private TrainingStepMatcher CreateMatcher(SyntaxTree? tree) =>
        new(Torch, CarbonAttrsAnalyzerOptions.GetList(Options, tree, CarbonAttrsAnalyzerOptions.TrainingStepMethodsKey, ImmutableArray<string>.Empty));

    private bool AnyTreeConfiguresSteps()
    {
        foreach (var tree in Compilation.SyntaxTrees)
        {
            if (CarbonAttrsAnalyzerOptions.GetRaw(Options, tree, CarbonAttrsAnalyzerOptions.TrainingStepMethodsKey) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct MethodAtDepth : IEquatable<MethodAtDepth>
    {
        public MethodAtDepth(IMethodSymbol method, int depth)
        {
            Method = method;
            Depth = depth;
        }

        public IMethodSymbol Method { get; }

        public int Depth { get; }

        public bool Equals(MethodAtDepth other) => Depth == other.Depth && SymbolEqualityComparer.Default.Equals(Method, other.Method);

        public override bool Equals(object? obj) => obj is MethodAtDepth other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Method) * 397) ^ Depth;
    }
}

/// <summary>What a method or region does once its calls are followed to a bounded depth.</summary>
internal readonly struct TrainingFlags
{
    public TrainingFlags(bool performsSteps, bool stepsInLoop, bool runsTraining, bool reportsCost)
    {
        PerformsSteps = performsSteps;
        StepsInLoop = stepsInLoop;
        RunsTraining = runsTraining;
        ReportsCost = reportsCost;
    }

    public bool PerformsSteps { get; }

    public bool StepsInLoop { get; }

    public bool RunsTraining { get; }

    public bool ReportsCost { get; }
}
