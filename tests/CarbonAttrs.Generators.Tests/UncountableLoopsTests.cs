using System.Text.Json;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// Loops known uncountable without binding their header (<c>UncountableLoops</c>): a <c>for</c> loop against a parameter
/// or a non-<c>const</c> field, or against <c>x.Count</c> / <c>x.Length</c> of a local made with <c>new T(...)</c>; a
/// <c>foreach</c> over <c>Range</c> / <c>Repeat</c> whose count is such a name or a non-<c>const</c> local. Every other
/// header is still counted by binding: constants, <c>const</c> fields and locals, collection lengths, a property named
/// <c>Count</c>. The inventory is what binding every header gave, and on every loop of this repository's C# files that
/// the syntax calls uncountable, binding the loop finds no count either.
/// </summary>
public sealed class UncountableLoopsTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using CarbonAttrs;

        public class Parser
        {
            public int Count => 2;
        }

        public class Lab
        {
            private const int Fixed = 3;
            private static int s_epochs = 4;
            private static readonly int s_readonly = 5;
            private readonly List<int> _items = new() { 1, 2 };

            public int Count => 6;

            [TrackEmissions]
            public static int Fit(int x) => x;

            public void Loops(int epochs)
            {
                for (var a = 0; a < epochs; a++) Fit(a);
                for (var b = 0; b < s_epochs; b++) Fit(b);
                for (var c = 0; c < s_readonly; c++) Fit(c);
                for (var d = 0; d < Fixed; d++) Fit(d);
                const int n = 7;
                for (var e = 0; e < n; e++) Fit(e);
                for (var f = 0; f < Count; f++) Fit(f);
                for (var g = 1; epochs >= g; g++) Fit(g);
                for (var h = 0; h < 2; h++) Fit(h);
                var items = new[] { 1, 2, 3 };
                for (var i = 0; i < items.Length; i++) Fit(i);
            }

            public void More(int epochs)
            {
                var parser = new Parser();
                for (var j = 0; j < parser.Count; j++) Fit(j);
                foreach (var l in Enumerable.Range(0, epochs)) Fit(l);
                foreach (var m in Enumerable.Range(0, s_epochs)) Fit(m);
                var runs = 3;
                foreach (var o in Enumerable.Range(0, runs)) Fit(o);
                const int twice = 2;
                foreach (var p in Enumerable.Range(0, twice)) Fit(p);
                foreach (var q in Enumerable.Repeat(1, 4)) Fit(q);
                foreach (var r in Enumerable.Range(start: 0, count: epochs)) Fit(r);
                List<int> list = new() { 1, 2 };
                for (var t = 0; t < list.Count; t++) Fit(t);
            }
        }
        """;

    [Fact]
    public void Only_loops_whose_bound_is_never_a_constant_skip_their_header()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var skipped = tree.GetRoot().DescendantNodes().OfType<StatementSyntax>()
            .Where(loop => TrackEmissionsGenerator.UncountableLoops.CountIsNeverKnown(loop, model, CancellationToken.None))
            .Select(loop => loop switch
            {
                ForStatementSyntax f => f.Declaration!.Variables[0].Identifier.ValueText,
                ForEachStatementSyntax e => e.Identifier.ValueText,
                _ => "?",
            });
        // Not r: with named arguments the second one written may not be the count (binding finds it unknown anyway).
        Assert.Equal(new[] { "a", "b", "c", "g", "j", "l", "m", "o", "t" }, skipped);
    }

    [Fact]
    public void Binding_finds_no_count_for_any_loop_the_syntax_calls_uncountable()
    {
        var uncountable = RepositoryLoops.Of(Source)
            .Where(loop => TrackEmissionsGenerator.UncountableLoops.CountIsNeverKnown(loop.Syntax, loop.Model, CancellationToken.None))
            .ToList();
        Assert.All(uncountable, loop => Assert.True(loop.BoundCount().Value is null, $"{loop} counts {loop.BoundCount().Value} when bound"));
        Assert.True(uncountable.Count >= 8, $"only {uncountable.Count} loops checked");
    }

    [Fact]
    public void The_inventory_counts_every_other_loop_and_leaves_the_skipped_ones_unknown()
    {
        var run = GeneratorHarness.Run(Source);
        run.AssertClean();

        var sizes = InventoryMetadata.Read(run.Output)
            .OrderBy(e => e.GetProperty("line").GetInt32())
            .Select(e => e.GetProperty("size").ValueKind == JsonValueKind.Null ? (long?)null : e.GetProperty("size").GetInt64());
        // a, b, c unknown; Fixed 3; n 7; Count: a property, unknown; g unknown; 2; items.Length 3; then j, l, m, o unknown,
        // twice 2, Repeat 4, r unknown, list.Count unknown.
        Assert.Equal(new long?[] { null, null, null, 3, 7, null, null, 2, 3, null, null, null, null, 2, 4, null, null }, sizes);
    }
}
