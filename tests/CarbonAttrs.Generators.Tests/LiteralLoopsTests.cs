using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Loop headers written with literals alone (and <c>foreach</c> over a <c>readonly</c> array field initialized with one)
/// are counted from their syntax (<c>LiteralLoops</c>), not bound: the count must
/// be what binding the loop gives (<c>IterationCounter</c>), on a catalogue of shapes and on every loop of this repository's
/// C# files; anything else is left to binding.
/// </summary>
public sealed class LiteralLoopsTests
{
    private const string Source = """
        using System.Linq;
        using CarbonAttrs;

        public static class Lab
        {
            [TrackEmissions]
            private static int Fit(int x) => x;

            public static void Loops(int epochs)
            {
                foreach (var a in new[] { 0.01, 0.1, 1.0 }) Fit(1);
                foreach (var b in new int[] { 16, 32 }) Fit(b);
                foreach (var (c, d) in new[] { (1, 2), (3, 4), (5, 6), (7, 8) }) Fit(c + d);
                for (var e = 0; e < 1_000; e++) Fit(e);
                for (int f = 10; f > 0; f -= 3) Fit(f);
                for (long g = 1; g <= 9; g += 2) Fit((int)g);
                for (var h = 0; 5 > h; ++h) Fit(h);
                for (var i = 0; i != 12; i += 4) Fit(i);
                for (var j = 10; j >= 1; --j) Fit(j);
                for (var k = 0; k < 10; k--) Fit(k);
                for (var l = 0; l < 10; l++) { l++; Fit(l); }
                for (var m = 0; m < epochs; m++) Fit(m);
                foreach (var n in Enumerable.Range(0, 3)) Fit(n);
                for (byte o = 0; o < 3; o++) Fit(o);
                foreach (var p in new int[2, 2] { { 1, 2 }, { 3, 4 } }) Fit(p);
            }
        }

        public static class Grid
        {
            public static readonly double[] Rates = { 0.01, 0.1, 1.0 };
            private static readonly int[] Sizes = new[] { 16, 32 };
            private static readonly int[] Reassigned = { 1, 2 };
            private static int[] Mutable = { 1, 2, 3 };
            private static readonly int[] Empty = [];

            static Grid() => Reassigned = new[] { 1 };

            [TrackEmissions]
            private static int Fit(int x) => x;

            public static void Run()
            {
                foreach (var r in Rates) Fit(1);
                foreach (var s in Sizes) Fit(s);
                foreach (var t in Reassigned) Fit(t);
                foreach (var u in Mutable) Fit(u);
                foreach (var v in Empty) Fit(v);
            }
        }
        """;

    [Fact]
    public void Headers_written_with_literals_are_counted_and_the_others_left_to_binding()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var counts = tree.GetRoot().DescendantNodes().OfType<StatementSyntax>()
            .Where(TrackEmissionsGenerator.TrackedLoopParser.IsLoop)
            .Select(loop => TrackEmissionsGenerator.LiteralLoops.Count(loop, model, CancellationToken.None));
        // a 3, b 2, (c, d) 4, e 1,000, f 10 7 4 1, g 1 3 5 7 9, h 5, i 0 4 8; j 10; k counts down against '<' and l writes
        // its variable (binding decides: neither has a count); m, Range (a method binding must name) and byte are bound;
        // so is the two-dimensional array. Fields: Rates 3, Sizes 2; Reassigned (assigned in the type) and Mutable (not
        // readonly) are bound; Empty 0.
        Assert.Equal(new long?[] { 3, 2, 4, 1_000, 4, 5, 5, 3, 10, null, null, null, null, null, null, 3, 2, null, null, 0 }, counts);
    }

    [Fact]
    public void Every_count_read_from_syntax_is_the_count_binding_gives()
    {
        var counted = RepositoryLoops.Of(Source)
            .Select(loop => (Loop: loop, FromSyntax: TrackEmissionsGenerator.LiteralLoops.Count(loop.Syntax, loop.Model, CancellationToken.None)))
            .Where(pair => pair.FromSyntax is not null)
            .ToList();
        Assert.All(counted, pair => Assert.True(pair.Loop.BoundCount().Value == pair.FromSyntax,
            $"{pair.Loop} is {pair.FromSyntax} from syntax, {pair.Loop.BoundCount().Value?.ToString() ?? "unknown"} bound"));
        Assert.True(counted.Count >= 30, $"only {counted.Count} loops compared");
    }

    [Fact]
    public void The_inventory_has_the_counts_of_a_grid_written_with_literals()
    {
        var compilation = GeneratorHarness.CreateCompilation("""
            using CarbonAttrs;

            var best = 0.0;
            foreach (var lr in new[] { 0.01, 0.1, 1.0 })
                for (var seed = 0; seed < 2; seed++)
                    best = System.Math.Max(best, Lab.Run(lr, seed));

            static class Lab
            {
                public static double Run(double lr, int seed) => Fit(lr, seed);

                [TrackEmissions]
                private static double Fit(double lr, int seed) => lr * seed;
            }
            """);
        var run = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication)));
        run.AssertClean();

        var loop = Assert.Single(InventoryMetadata.Read(run.Output));
        Assert.Equal(6, loop.GetProperty("size").GetInt64());
    }
}
