using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>
/// Offline references for the test compilations: .NET 10 reference assemblies from Basic.Reference.Assemblies,
/// the real TorchSharp 0.107 metadata (compile-only, no native libtorch) and the CarbonAttrs runtime.
/// </summary>
internal static class TestReferences
{
    public static string TorchSharpPath { get; } = Metadata("TorchSharpPath");

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static MetadataReference TorchSharp { get; } = MetadataReference.CreateFromFile(TorchSharpPath);

    public static MetadataReference CarbonAttrs { get; } = MetadataReference.CreateFromFile(typeof(global::CarbonAttrs.CarbonTracker).Assembly.Location);

    public static ImmutableArray<MetadataReference> Framework { get; } = [.. Basic.Reference.Assemblies.Net100.References.All];

    private static string Metadata(string key) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
