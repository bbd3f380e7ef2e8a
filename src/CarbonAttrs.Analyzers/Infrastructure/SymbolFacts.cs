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
}
