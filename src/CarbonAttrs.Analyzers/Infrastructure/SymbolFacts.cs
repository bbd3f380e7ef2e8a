using System.Linq;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Infrastructure;

internal static class SymbolFacts
{
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method whose body the operation belongs to, seen through lambdas (local functions are their own methods).</summary>
    public static IMethodSymbol? ContainingMethod(ISymbol? symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } method)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether any assembly of the compilation (source or reference) declares the namespace <paramref name="dotted"/>
    /// (for example <c>TorchSharp</c> or <c>Microsoft.ML</c>): without it no type of that namespace can be found, and
    /// each <c>GetTypeByMetadataName</c> would search every referenced assembly to say so.
    /// </summary>
    public static bool HasNamespace(Compilation compilation, string dotted)
    {
        INamespaceSymbol current = compilation.GlobalNamespace;
        foreach (var part in dotted.Split('.'))
        {
            if (current.GetMembers(part).OfType<INamespaceSymbol>().FirstOrDefault() is not { } next)
            {
                return false;
            }

            current = next;
        }

        return true;
    }
}
