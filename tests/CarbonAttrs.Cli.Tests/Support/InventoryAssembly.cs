using System.Reflection;
using System.Reflection.Emit;

namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>Writes a real assembly file carrying inventory metadata, as the generator and analyzers would record it.</summary>
public static class InventoryAssembly
{
    public static string Write(string path, IEnumerable<(string Key, string Json)> metadata)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(Path.GetFileNameWithoutExtension(path)), typeof(object).Assembly);
        var ctor = typeof(AssemblyMetadataAttribute).GetConstructor(new[] { typeof(string), typeof(string) })!;
        foreach (var (key, json) in metadata)
            assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { key, json }));
        // An unrelated metadata entry, as every SDK build has (e.g. RepositoryUrl): ignored.
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, new object[] { "RepositoryUrl", "https://example.invalid" }));
        var module = assembly.DefineDynamicModule(Path.GetFileName(path));
        module.DefineType("Sample.Program", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        assembly.Save(path);
        return path;
    }
}
