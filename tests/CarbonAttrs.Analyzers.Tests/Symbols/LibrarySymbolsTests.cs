using CarbonAttrs.Analyzers.Infrastructure;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Analyzers.Tests.Symbols;

/// <summary>
/// The library vocabularies find their types when the library's namespace exists anywhere in the compilation (a
/// reference, or source), and give up at once when it does not, without a metadata-name search of every reference.
/// </summary>
public sealed class LibrarySymbolsTests
{
    private static CSharpCompilation Compile(string source, params MetadataReference[] extra)
        => CSharpCompilation.Create("Symbols_" + Guid.NewGuid().ToString("N"), new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Framework.AddRange(extra), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public void TorchSharp_is_found_through_its_reference_and_not_without_it()
    {
        var with = Compile("class C { }", TestReferences.TorchSharp);
        var without = Compile("class C { }");

        Assert.True(SymbolFacts.HasNamespace(with, "TorchSharp"));
        Assert.Equal("TorchSharp.torch.Tensor", TorchSharpSymbols.TryCreate(with)?.Tensor.ToDisplayString());
        Assert.False(SymbolFacts.HasNamespace(without, "TorchSharp"));
        Assert.Null(TorchSharpSymbols.TryCreate(without));
        Assert.Null(MlNetSymbols.TryCreate(without));
    }

    [Fact]
    public void A_nested_namespace_needs_every_part_and_source_namespaces_count()
    {
        var compilation = Compile("namespace Microsoft.Extra { class C { } } namespace TorchSharp.Fake { class D { } }");

        Assert.True(SymbolFacts.HasNamespace(compilation, "Microsoft.Extra"));
        Assert.True(SymbolFacts.HasNamespace(compilation, "TorchSharp"));
        Assert.False(SymbolFacts.HasNamespace(compilation, "Microsoft.ML"));
        // The namespace alone is not the library: its types are still looked up.
        Assert.Null(TorchSharpSymbols.TryCreate(compilation));
    }
}
