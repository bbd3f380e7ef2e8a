using System.Collections.Immutable;
using System.Reflection;
using CarbonAttrs.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Reliability.Tests.Compilers;

/// <summary>The generator and every analyzer of the repository, and the references a consumer compiles against.</summary>
internal static class CompilerComponents
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });

    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(true);

    public static string RepositoryRoot { get; } = typeof(CompilerComponents).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>.NET 10 reference assemblies, the CarbonAttrs runtime and, when the build has it, TorchSharp's metadata.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location))
        .Concat(TorchSharpPath is { } torch ? new[] { MetadataReference.CreateFromFile(torch) } : Array.Empty<MetadataReference>())
        .ToImmutableArray();

    /// <summary>TorchSharp's metadata (restored compile-only), or null where the package is missing.</summary>
    public static string? TorchSharpPath { get; } = typeof(CompilerComponents).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(a => a.Key == "TorchSharpPath")?.Value is { } path && File.Exists(path) ? path : null;

    public static ImmutableArray<ISourceGenerator> Generators { get; } = ImmutableArray.Create(new TrackEmissionsGenerator().AsSourceGenerator());

    /// <summary>Every analyzer in CarbonAttrs.Analyzers (empty until that project exists in this tree).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = LoadAnalyzers();

    public static string? OptionalAssembly(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        if (OptionalAssembly("CarbonAttrs.Analyzers") is not { } path)
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        return Assembly.LoadFrom(path).GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
