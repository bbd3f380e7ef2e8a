using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>
/// Iterators run their body while the caller enumerates, after the call has returned: a window around the call
/// would record the cost of creating an enumerator as if it were the method's. They are reported (CARB101) and
/// left unmeasured, and the program still runs them.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class IteratorShapeTests(TrackerFixture tracker)
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using CarbonAttrs;
        namespace Shapes.Iterators;
        public static partial class Data
        {
            [TrackEmissions]
            public static IEnumerable<int> Batches(int count) { for (var i = 0; i < count; i++) yield return i; }

            [TrackEmissions]
            public static async IAsyncEnumerable<int> Stream(int count) { for (var i = 0; i < count; i++) { await Task.Yield(); yield return i; } }

            [TrackEmissions]
            public static partial IEnumerable<string> Names(int count);
            private static IEnumerable<string> NamesCore(int count) { for (var i = 0; i < count; i++) yield return "n" + i; }

            // Not an iterator: the yield is in a local function, and the method returns a materialized list.
            [TrackEmissions]
            public static List<int> Materialized(int count)
            {
                IEnumerable<int> Local() { for (var i = 0; i < count; i++) yield return i; }
                return Local().ToList();
            }
        }
        public static class Program
        {
            public static async Task<string> Run()
            {
                var sum = Data.Batches(4).Sum();
                var streamed = 0;
                await foreach (var item in Data.Stream(3)) streamed += item;
                return sum + " " + streamed + " " + string.Join(",", Data.Names(2)) + " " + Data.Materialized(5).Count;
            }
        }
        """;

    [Fact]
    public void Iterators_are_reported_at_their_declaration_and_not_intercepted()
    {
        var run = GeneratorHarness.Run(Source);

        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "Batches", "Stream", "Names" }, diagnostics.Select(run.TextAt));
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("CARB101", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity);
            Assert.Contains("iterator (yield return)", d.GetMessage());
        });
        var interceptors = run.Interceptors;
        Assert.Contains("Materialized", interceptors);
        Assert.DoesNotContain("Batches", interceptors);
        Assert.DoesNotContain("Stream", interceptors);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Iterators_still_run_and_write_no_row_while_a_method_that_materializes_is_measured()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        using var loaded = GeneratorHarness.Load(run.Output);

        var result = await (Task<string>)loaded.Invoke("Shapes.Iterators.Program", "Run")!;

        Assert.Equal("6 3 n0,n1 5", result); // the partial declaration forwards to its iterator
        var rows = tracker.Measured("Shapes.Iterators.");
        Assert.Equal(new[] { "Materialized" }, rows.Select(r => r.Name.Split('.').Last()));
    }

    [Fact]
    public void A_compiled_iterator_from_another_assembly_is_reported_at_the_call()
    {
        var library = CSharpCompilation.Create("IteratorLibrary",
            new[] { CSharpSyntaxTree.ParseText("""
                using System.Collections.Generic;
                using CarbonAttrs;
                namespace Library;
                public static class Source
                {
                    [TrackEmissions]
                    public static IEnumerable<int> Items() { yield return 1; }
                    [TrackEmissions]
                    public static int Count() => 1;
                }
                """, GeneratorHarness.EnabledParseOptions) },
            GeneratorHarness.References, GeneratorHarness.CompilationOptions);
        var image = GeneratorHarness.Emit(library);

        var run = GeneratorHarness.Run("""
            using System.Linq;
            namespace Consumer;
            public static class Program
            {
                public static int Run() => Library.Source.Items().Sum() + Library.Source.Count();
            }
            """, extraReferences: new[] { MetadataReference.CreateFromImage(image) });

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CARB101", diagnostic.Id);
        Assert.Contains("iterator (yield return)", diagnostic.GetMessage());
        Assert.Equal("Items", run.TextAt(diagnostic));
        Assert.Contains("Count", run.Interceptors);
    }
}
