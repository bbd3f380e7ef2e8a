using System.Text.Json;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// A <c>for</c> loop against a parameter or a non-<c>const</c> field is known uncountable without binding its header
/// (<c>UncountableLoops</c>); every other bound is still counted by binding: constants, <c>const</c> fields and locals,
/// collection lengths, a property named <c>Count</c>. The inventory is what binding every header gave.
/// </summary>
public sealed class UncountableLoopsTests
{
    private const string Source = """
        using System.Collections.Generic;
        using CarbonAttrs;

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
        }
        """;

    [Fact]
    public void Only_loops_against_a_parameter_or_a_non_constant_field_skip_their_header()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var skipped = tree.GetRoot().DescendantNodes().OfType<ForStatementSyntax>()
            .Where(loop => TrackEmissionsGenerator.UncountableLoops.BoundIsNeverConstant(loop, model, CancellationToken.None))
            .Select(loop => loop.Declaration!.Variables[0].Identifier.ValueText);
        Assert.Equal(new[] { "a", "b", "c", "g" }, skipped);
    }

    [Fact]
    public void The_inventory_counts_every_other_loop_and_leaves_the_skipped_ones_unknown()
    {
        var run = GeneratorHarness.Run(Source);
        run.AssertClean();

        var sizes = InventoryMetadata.Read(run.Output)
            .OrderBy(e => e.GetProperty("line").GetInt32())
            .Select(e => e.GetProperty("size").ValueKind == JsonValueKind.Null ? (long?)null : e.GetProperty("size").GetInt64());
        // a, b, c unknown; Fixed 3; n 7; Count: a property, unknown; g unknown; 2; items.Length 3.
        Assert.Equal(new long?[] { null, null, null, 3, 7, null, null, 2, 3 }, sizes);
    }
}
