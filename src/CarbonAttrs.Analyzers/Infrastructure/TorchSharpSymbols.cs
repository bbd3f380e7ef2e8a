using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>
/// TorchSharp types recognised by metadata name, resolved once per compilation. <see cref="TryCreate"/>
/// returns null when TorchSharp is not referenced, so TorchSharp rules register nothing.
/// </summary>
internal sealed class TorchSharpSymbols
{
    private TorchSharpSymbols(
        INamedTypeSymbol torch,
        INamedTypeSymbol tensor,
        INamedTypeSymbol optimizer,
        INamedTypeSymbol module,
        ImmutableArray<INamedTypeSymbol> genericModules,
        INamedTypeSymbol? scalarType,
        INamedTypeSymbol? tensorExtensions,
        INamedTypeSymbol? moduleExtensions)
    {
        Torch = torch;
        Tensor = tensor;
        Optimizer = optimizer;
        Module = module;
        GenericModules = genericModules;
        ScalarType = scalarType;
        TensorExtensions = tensorExtensions;
        ModuleExtensions = moduleExtensions;
    }

    /// <summary><c>TorchSharp.torch</c>: <c>no_grad</c>, <c>float64</c>, <c>set_default_dtype</c>.</summary>
    public INamedTypeSymbol Torch { get; }

    /// <summary><c>TorchSharp.torch.Tensor</c>.</summary>
    public INamedTypeSymbol Tensor { get; }

    /// <summary><c>TorchSharp.torch.optim.Optimizer</c>, base of every optimizer (Adam derives via OptimizerHelper).</summary>
    public INamedTypeSymbol Optimizer { get; }

    /// <summary><c>TorchSharp.torch.nn.Module</c>: <c>eval</c>, <c>train</c>.</summary>
    public INamedTypeSymbol Module { get; }

    /// <summary><c>Module`2</c> .. <c>Module`7</c>, which declare <c>forward</c> and <c>call</c>.</summary>
    public ImmutableArray<INamedTypeSymbol> GenericModules { get; }

    /// <summary><c>TorchSharp.torch.ScalarType</c>.</summary>
    public INamedTypeSymbol? ScalarType { get; }

    /// <summary><c>TorchSharp.TensorExtensionMethods</c>: <c>ToSingle</c>, <c>ToDouble</c>, ...</summary>
    public INamedTypeSymbol? TensorExtensions { get; }

    /// <summary><c>TorchSharp.ModuleExtensionMethods</c>: <c>@double</c>, <c>@float</c> on modules.</summary>
    public INamedTypeSymbol? ModuleExtensions { get; }

    // Per compilation: each lookup asks every referenced assembly, and the analyzers and the generator's models all need them.
    private static readonly ConditionalWeakTable<Compilation, StrongBox<TorchSharpSymbols?>> PerCompilation = new();

    /// <summary>The symbols of <paramref name="compilation"/>, looked up once per compilation; null when it does not reference the library.</summary>
    public static TorchSharpSymbols? TryCreate(Compilation compilation)
        => PerCompilation.GetValue(compilation, static c => new StrongBox<TorchSharpSymbols?>(Create(c))).Value;

    private static TorchSharpSymbols? Create(Compilation compilation)
    {
        if (!SymbolFacts.HasNamespace(compilation, "TorchSharp"))
        {
            return null;
        }

        var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        var optimizer = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+Optimizer");
        var module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        if (torch is null || tensor is null || optimizer is null || module is null)
        {
            return null;
        }

        var generic = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        for (var arity = 2; arity <= 7; arity++)
        {
            if (compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`" + arity) is { } m)
            {
                generic.Add(m);
            }
        }

        return new TorchSharpSymbols(
            torch,
            tensor,
            optimizer,
            module,
            generic.ToImmutable(),
            compilation.GetTypeByMetadataName("TorchSharp.torch+ScalarType"),
            compilation.GetTypeByMetadataName("TorchSharp.TensorExtensionMethods"),
            compilation.GetTypeByMetadataName("TorchSharp.ModuleExtensionMethods"));
    }

    public bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Tensor);

    public bool IsOptimizerType(ITypeSymbol? type) => SymbolFacts.DerivesFrom(type, Optimizer);

    public bool IsModuleType(ITypeSymbol? type) => SymbolFacts.DerivesFrom(type, Module);

    /// <summary>A <c>forward</c> or <c>call</c> on any <c>Module&lt;...&gt;</c>, including user overrides.</summary>
    public bool IsForwardPass(IMethodSymbol method)
    {
        if (method.Name is not ("forward" or "call") || method.IsStatic)
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var generic in GenericModules)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, generic))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
