using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.Analyzers.Training;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class SweepInventoryTests
{
    [Fact]
    public void Collect_lists_every_sweep_with_location_training_method_and_size()
    {
        var compilation = TestCompilation.Create(Sources.Usings + """
            foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                for (int seed = 0; seed < 4; seed++)
                    Lib.TrainRun(lr + seed);

            Program.Search(args);

            static partial class Program
            {
                [TrackEmissions]
                public static void Search(string[] names)
                {
                    foreach (var name in names) Lib.TrainRun(name.Length);
                }
            }

            """ + Sources.TrainingRun);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

        var records = SweepInventory.Collect(compilation, new DictionaryOptionsProvider(new Dictionary<string, string>()), CancellationToken.None);

        Assert.Collection(
            records.OrderBy(r => r.Line),
            outer =>
            {
                Assert.Equal(("/src/Program.cs", "foreach", 0), (outer.FilePath, outer.LoopKind, outer.NestingDepth));
                Assert.Equal("Lib.TrainRun", outer.TrainingMethod);
                Assert.Equal(12L, outer.Size);
                Assert.Equal("3 \u00d7 4", outer.SizeExpression);
                Assert.Equal(3L, outer.IterationCount);
                Assert.False(outer.IsTracked);
                Assert.Null(outer.UnboundedReason);
            },
            inner =>
            {
                Assert.Equal(("for", 1, 4L), (inner.LoopKind, inner.NestingDepth, inner.Size));
                Assert.Equal(records.Min(r => r.Line) + 1, inner.Line);
            },
            search =>
            {
                Assert.Equal("Program.Search", search.EnclosingMethod);
                Assert.True(search.IsTracked);
                Assert.Null(search.Size);
                Assert.Equal("'names' has no size known at compile time", search.UnboundedReason);
            });

    }

    [Fact]
    public void Compilation_without_training_has_no_sweeps() =>
        Assert.Empty(SweepInventory.Collect(
            TestCompilation.Create("System.Console.WriteLine(1);", withTorchSharp: false),
            new DictionaryOptionsProvider(new Dictionary<string, string>()),
            CancellationToken.None));
}
