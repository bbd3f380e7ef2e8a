using System.Linq;
using Microsoft.CodeAnalysis;

/// <summary>
/// The least a generator driven by <c>[TrackEmissions]</c> can do: find the attributed methods
/// (<c>ForAttributeWithMetadataName</c>, which binds their attributes, and with the first semantic question of a build the
/// compilation's references) and add one file naming them. Its time in a real build is the floor under CarbonAttrs'
/// generator: what no work of ours can remove.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ControlGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider
            .ForAttributeWithMetadataName("CarbonAttrs.TrackEmissionsAttribute", static (_, _) => true, static (c, _) => c.TargetSymbol.Name)
            .Collect();
        context.RegisterSourceOutput(names, static (spc, found) =>
            spc.AddSource("ControlGenerator.g.cs", "// " + string.Join(", ", found.OrderBy(n => n, System.StringComparer.Ordinal))));
    }
}
