using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>What the inventory tests share: the real TorchSharp reference, and the inventory the generator wrote.</summary>
internal static class InventoryMetadata
{
    /// <summary>TorchSharp's assembly from the package (its path is stamped into this test assembly by the project file).</summary>
    public static readonly MetadataReference TorchSharp = MetadataReference.CreateFromFile(
        typeof(InventoryMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TorchSharpPath").Value!);

    /// <summary>The JSON values of the compilation's <c>[assembly: AssemblyMetadata(key, json)]</c> entries (e.g. <c>CarbonAttrs.Sweep</c>).</summary>
    public static List<JsonElement> Read(Compilation compilation, string key = "CarbonAttrs.Sweep")
        => compilation.Assembly.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute"
                        && a.ConstructorArguments.Length == 2 && (string?)a.ConstructorArguments[0].Value == key)
            .Select(a => JsonDocument.Parse((string)a.ConstructorArguments[1].Value!).RootElement.Clone())
            .ToList();
}
