using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>
/// ML.NET types recognised by metadata name, resolved once per compilation. <see cref="TryCreate"/> returns null
/// when Microsoft.ML is not referenced, so the ML.NET vocabulary costs nothing in other projects.
/// </summary>
internal sealed class MlNetSymbols
{
    private MlNetSymbols(
        INamedTypeSymbol estimator,
        INamedTypeSymbol trainerEstimator,
        INamedTypeSymbol dataView,
        INamedTypeSymbol? estimatorChain,
        INamedTypeSymbol? predictionTransformer,
        INamedTypeSymbol? trainCatalog,
        INamedTypeSymbol? modelOperations,
        INamedTypeSymbol? dataOperations)
    {
        Estimator = estimator;
        TrainerEstimator = trainerEstimator;
        DataView = dataView;
        EstimatorChain = estimatorChain;
        PredictionTransformer = predictionTransformer;
        TrainCatalog = trainCatalog;
        ModelOperations = modelOperations;
        DataOperations = dataOperations;
    }

    /// <summary><c>Microsoft.ML.IEstimator&lt;TTransformer&gt;</c>: what <c>Fit(IDataView)</c> is called on.</summary>
    public INamedTypeSymbol Estimator { get; }

    /// <summary><c>Microsoft.ML.Trainers.ITrainerEstimator&lt;,&gt;</c>: every trainer (FastTree, SDCA, LightGBM, ...).</summary>
    public INamedTypeSymbol TrainerEstimator { get; }

    /// <summary><c>Microsoft.ML.IDataView</c>.</summary>
    public INamedTypeSymbol DataView { get; }

    /// <summary><c>Microsoft.ML.Data.EstimatorChain&lt;TLastTransformer&gt;</c>.</summary>
    public INamedTypeSymbol? EstimatorChain { get; }

    /// <summary><c>Microsoft.ML.IPredictionTransformer&lt;TModel&gt;</c>: what a trainer's <c>Fit</c> returns.</summary>
    public INamedTypeSymbol? PredictionTransformer { get; }

    /// <summary><c>Microsoft.ML.TrainCatalogBase</c>: base of the BinaryClassification, Regression, ... catalogs (<c>CrossValidate</c>).</summary>
    public INamedTypeSymbol? TrainCatalog { get; }

    /// <summary><c>Microsoft.ML.ModelOperationsCatalog</c> (<c>MLContext.Model</c>): <c>CreatePredictionEngine</c>.</summary>
    public INamedTypeSymbol? ModelOperations { get; }

    /// <summary><c>Microsoft.ML.DataOperationsCatalog</c> (<c>MLContext.Data</c>): <c>CrossValidationSplit</c>.</summary>
    public INamedTypeSymbol? DataOperations { get; }

    // Per compilation: each lookup asks every referenced assembly, and the analyzers and the generator's models all need them.
    private static readonly ConditionalWeakTable<Compilation, StrongBox<MlNetSymbols?>> PerCompilation = new();

    /// <summary>The symbols of <paramref name="compilation"/>, looked up once per compilation; null when it does not reference the library.</summary>
    public static MlNetSymbols? TryCreate(Compilation compilation)
        => PerCompilation.GetValue(compilation, static c => new StrongBox<MlNetSymbols?>(Create(c))).Value;

    private static MlNetSymbols? Create(Compilation compilation)
    {
        if (!SymbolFacts.HasNamespace(compilation, "Microsoft.ML"))
        {
            return null;
        }

        var estimator = compilation.GetTypeByMetadataName("Microsoft.ML.IEstimator`1");
        var trainer = compilation.GetTypeByMetadataName("Microsoft.ML.Trainers.ITrainerEstimator`2");
        var dataView = compilation.GetTypeByMetadataName("Microsoft.ML.IDataView");
        if (estimator is null || trainer is null || dataView is null)
        {
            return null;
        }

        return new MlNetSymbols(
            estimator,
            trainer,
            dataView,
            compilation.GetTypeByMetadataName("Microsoft.ML.Data.EstimatorChain`1"),
            compilation.GetTypeByMetadataName("Microsoft.ML.IPredictionTransformer`1"),
            compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase"),
            compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog"),
            compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog"));
    }

    /// <summary>The type is, or implements, <paramref name="generic"/> (any type arguments).</summary>
    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? generic)
    {
        if (type is null || generic is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, generic))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, generic))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsEstimator(ITypeSymbol? type) => Implements(type, Estimator);

    /// <summary>
    /// A trainer, or a chain whose static type says it ends in one (<c>EstimatorChain&lt;BinaryPredictionTransformer&lt;...&gt;&gt;</c>).
    /// </summary>
    public bool IsTrainerOrChainEndingInOne(ITypeSymbol? type)
    {
        if (Implements(type, TrainerEstimator))
        {
            return true;
        }

        return type is INamedTypeSymbol { TypeArguments.Length: 1 } named
               && EstimatorChain is not null
               && SymbolFacts.DerivesFrom(named, EstimatorChain)
               && Implements(named.TypeArguments[0], PredictionTransformer);
    }

    public bool IsPredictionEngineCreation(IMethodSymbol method) =>
        method.Name == "CreatePredictionEngine"
        && ModelOperations is not null
        && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, ModelOperations);
}
