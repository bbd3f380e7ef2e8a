using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The generator's per-tree parallel map: results in the items' order, and a failure or a cancellation surfaces as a
/// single-threaded run would raise it (the driver then reports the same thing in both kinds of build).
/// </summary>
public sealed class ConcurrentlyTests
{
    private static readonly ImmutableArray<SyntaxTree> Trees = Enumerable.Range(0, 8)
        .Select(i => CSharpSyntaxTree.ParseText($"class C{i} {{ }}", path: $"/src/C{i}.cs")).ToImmutableArray();

    /// <summary>Three items per tree, interleaved: tree i % 8.</summary>
    private static readonly ImmutableArray<int> Items = Enumerable.Range(0, 24).ToImmutableArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Results_keep_the_order_of_the_items(bool concurrent)
    {
        var results = TrackEmissionsGenerator.Concurrently.Map(Items, i => Trees[i % 8], concurrent,
            (i, _) => { Thread.Sleep(i % 3); return i * 10; }, CancellationToken.None);
        Assert.Equal(Items.Select(i => i * 10), results);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_failure_in_one_item_is_thrown_as_itself(bool concurrent)
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => TrackEmissionsGenerator.Concurrently.Map(Items, i => Trees[i % 8], concurrent,
            (i, _) => i == 13 ? throw new InvalidOperationException("item 13") : i, CancellationToken.None));
        Assert.Equal("item 13", thrown.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_cancelled_run_throws_operation_cancelled(bool concurrent)
    {
        using var source = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TrackEmissionsGenerator.Concurrently.Map(Items, i => Trees[i % 8], concurrent, (i, token) =>
        {
            if (i == 5)
                source.Cancel();
            token.ThrowIfCancellationRequested();
            return i;
        }, source.Token));
    }
}
