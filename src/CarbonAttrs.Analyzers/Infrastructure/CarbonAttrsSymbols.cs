using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>The CarbonAttrs runtime types the rules look for; each may be null when the runtime is not referenced.</summary>
internal sealed class CarbonAttrsSymbols
{
    public CarbonAttrsSymbols(Compilation compilation)
    {
        TrackEmissionsAttribute = compilation.GetTypeByMetadataName("CarbonAttrs.TrackEmissionsAttribute");
        CarbonTracker = compilation.GetTypeByMetadataName("CarbonAttrs.CarbonTracker");
        CarbonWindow = compilation.GetTypeByMetadataName("CarbonAttrs.CarbonWindow");
    }

    public INamedTypeSymbol? TrackEmissionsAttribute { get; }

    public INamedTypeSymbol? CarbonTracker { get; }

    public INamedTypeSymbol? CarbonWindow { get; }

    /// <summary>The <c>[TrackEmissions]</c> attribute on the method (either part of a partial method), or null.</summary>
    public AttributeData? GetTrackEmissions(IMethodSymbol? method)
    {
        if (method is null || TrackEmissionsAttribute is null)
        {
            return null;
        }

        method = method.OriginalDefinition;
        return Find(method) ?? Find(method.PartialDefinitionPart) ?? Find(method.PartialImplementationPart);

        AttributeData? Find(IMethodSymbol? candidate)
        {
            if (candidate is null)
            {
                return null;
            }

            foreach (var attribute in candidate.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, TrackEmissionsAttribute))
                {
                    return attribute;
                }
            }

            return null;
        }
    }

    public bool IsTracked(IMethodSymbol? method) => GetTrackEmissions(method) is not null;

    /// <summary>True when the attribute sets <c>Summarize = true</c>.</summary>
    public static bool IsSummarized(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Summarize" && named.Value.Value is true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An expression that opens a measurement window: <c>CarbonTracker.Track(...)</c> or anything typed <c>CarbonWindow</c>.</summary>
    public bool IsWindow(ITypeSymbol? type) => CarbonWindow is not null && SymbolEqualityComparer.Default.Equals(type, CarbonWindow);

    public bool IsTrackCall(IMethodSymbol method) =>
        CarbonTracker is not null && method.Name == "Track" && SymbolEqualityComparer.Default.Equals(method.ContainingType, CarbonTracker);
}
