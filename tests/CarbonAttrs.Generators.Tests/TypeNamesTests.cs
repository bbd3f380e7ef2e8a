using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Generated code names types with <see cref="TrackEmissionsGenerator.TypeNames"/> instead of Roslyn's display (which
/// loads every member of a library type to ask whether it is a record). Both must write the same text, character for
/// character, or an interceptor's signature would not match its method: checked on every type in the signatures of the
/// public methods of the .NET libraries a project uses most, of TorchSharp, and of source types with nullable
/// annotations, nesting, generics and keyword names.
/// </summary>
public sealed class TypeNamesTests
{
    private const string Source = """
        #nullable enable
        using System.Collections.Generic;

        namespace @event.Outer
        {
            public class @class<T> where T : class
            {
                public class Inner<U> { }
                public static Inner<T?>? Nested(Inner<T>[]? items, @class<T>.Inner<int> plain, T? maybe) => null;
                public static List<Inner<string>?>? Lists(Dictionary<string, @class<T>?> map, IEnumerable<(int, T)> tuples, int? number, string?[] strings) => null;
            }

            public struct Pair<A, B> where A : struct { public static A? Value(A? a, Pair<A, B>? self) => a; }
        }

        public class Global { public static Global?[] Array(Global[,] grid, Global[][] jagged) => new Global?[0]; }
        """;

    [Fact]
    public void Every_type_in_the_signatures_of_common_libraries_is_written_as_Roslyn_displays_it()
    {
        var compilation = CSharpCompilation.Create("Types", new[] { CSharpSyntaxTree.ParseText(Source) },
            GeneratorHarness.References.Add(InventoryMetadata.TorchSharp), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var assemblies = compilation.SourceModule.ReferencedAssemblySymbols
            .Where(a => a.Name is "System.Runtime" or "System.Collections" or "System.Linq" or "System.Collections.Immutable" or "System.Text.Json" or "TorchSharp")
            .Append(compilation.Assembly)
            .ToList();
        Assert.Equal(7, assemblies.Count);

        var checkedTypes = 0;
        var writtenHere = 0;
        foreach (var type in assemblies.SelectMany(a => Types(a.GlobalNamespace)).Where(t => t.DeclaredAccessibility == Accessibility.Public))
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => m.DeclaredAccessibility == Accessibility.Public))
            {
                foreach (var signatureType in method.Parameters.Select(p => p.Type).Append(method.ReturnType)
                             .Concat(method.TypeParameters.SelectMany(t => t.ConstraintTypes)))
                {
                    var expected = signatureType.ToDisplayString(TrackEmissionsGenerator.Parser.TypeFormat);
                    Assert.Equal(expected, TrackEmissionsGenerator.TypeNames.FullyQualified(signatureType));
                    checkedTypes++;
                    if (TrackEmissionsGenerator.TypeNames.TryWrite(signatureType) is not null)
                        writtenHere++;
                }
            }
        }
        // Not vacuous: most of them are written by TypeNames itself, not handed back to Roslyn.
        Assert.True(checkedTypes > 40_000, $"only {checkedTypes} signature types checked");
        Assert.True(writtenHere > 20_000, $"only {writtenHere} of {checkedTypes} written without Roslyn's display");
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers().SelectMany(Nested))
            yield return type;
        foreach (var inner in ns.GetNamespaceMembers())
        {
            foreach (var type in Types(inner))
                yield return type;
        }
    }

    private static IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type)
        => new[] { type }.Concat(type.GetTypeMembers().SelectMany(Nested));
}
