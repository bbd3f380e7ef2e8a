using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Decides whether a call is a training step: <c>Tensor.backward</c>, <c>Optimizer.step</c> (any derived
/// optimizer), plus the names listed in <c>carbonattrs.training_step_methods</c>. An entry is either a bare
/// method name (<c>Fit</c>) or a type-qualified one (<c>Microsoft.ML.IEstimator.Fit</c>), matched against the
/// method's type, its base types and its interfaces, generic arity ignored.
/// </summary>
internal sealed class TrainingStepMatcher
{
    private readonly TorchSharpSymbols? _torch;
    private readonly ImmutableArray<string> _bareNames;
    private readonly ImmutableArray<(string Type, string Method)> _qualifiedNames;

    public TrainingStepMatcher(TorchSharpSymbols? torch, ImmutableArray<string> configured)
    {
        _torch = torch;
        var bare = ImmutableArray.CreateBuilder<string>();
        var qualified = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var entry in configured)
        {
            var dot = entry.LastIndexOf('.');
            if (dot <= 0)
            {
                bare.Add(entry);
            }
            else if (dot < entry.Length - 1)
            {
                qualified.Add((entry.Substring(0, dot), entry.Substring(dot + 1)));
            }
        }

        _bareNames = bare.ToImmutable();
        _qualifiedNames = qualified.ToImmutable();
    }

    /// <summary>True when some training step can be recognised at all (TorchSharp referenced or names configured).</summary>
    public bool CanMatchAnything => _torch is not null || !_bareNames.IsEmpty || !_qualifiedNames.IsEmpty;

    public bool IsTrainingStep(IMethodSymbol method)
    {
        if (_torch is not null)
        {
            if (method.Name == "backward" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _torch.Tensor))
            {
                return true;
            }

            if (method.Name == "step" && !method.IsStatic && _torch.IsOptimizerType(method.ContainingType))
            {
                return true;
            }
        }

        foreach (var name in _bareNames)
        {
            if (method.Name == name)
            {
                return true;
            }
        }

        foreach (var (type, name) in _qualifiedNames)
        {
            if (method.Name == name && TypeMatches(method.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TypeMatches(INamedTypeSymbol? type, string wanted)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (NameOf(current) == wanted)
            {
                return true;
            }
        }

        if (type is not null)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (NameOf(implemented) == wanted)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string NameOf(INamedTypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None));
}
