using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>
/// <c>async IAsyncEnumerable&lt;T&gt;</c> iterators: a segment lasts from <c>MoveNextAsync</c> until its task
/// completes (the iterator's own awaits count), and calls the iterator makes after an await still nest in its row.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class AsyncIteratorShapeTests(TrackerFixture tracker)
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using CarbonAttrs;
        namespace Shapes.AsyncIterator;
        public static class Data
        {
            [TrackEmissions]
            public static int Decode(int i) => i + 1;
            [TrackEmissions]
            public static int Train(int x) => x;
            [TrackEmissions]
            public static async IAsyncEnumerable<int> Stream(int count, int producerMs, [EnumeratorCancellation] CancellationToken token = default)
            {
                for (var i = 0; i < count; i++)
                {
                    await Task.Delay(producerMs, token); // the producer's awaited I/O: inside MoveNextAsync
                    yield return Decode(i);             // a call after an await, on another thread
                }
            }
        }
        public static class Program
        {
            public static async Task<int> Run()
            {
                var total = 0;
                await foreach (var item in Data.Stream(3, 30))
                {
                    await Task.Delay(200); // the consumer's work between items
                    total += Data.Train(item);
                }
                return total;
            }
            public static async Task<string> Cancel()
            {
                using var source = new CancellationTokenSource();
                var seen = 0;
                try
                {
                    await foreach (var item in Data.Stream(100, 1).WithCancellation(source.Token))
                    {
                        if (++seen == 2)
                            source.Cancel();
                    }
                    return "completed";
                }
                catch (OperationCanceledException)
                {
                    return "cancelled after " + seen;
                }
            }
            public static async Task<int> TakeOne()
            {
                await foreach (var item in Data.Stream(10, 1))
                    return item;
                return -1;
            }
        }
        """;

    [Fact]
    public async Task Await_foreach_writes_one_row_with_the_producers_awaits_and_without_the_consumers()
    {
        using var loaded = GeneratorHarness.CompileAndLoad(Source.Replace("Shapes.AsyncIterator", "Shapes.AsyncIteratorRun"));

        Assert.Equal(6, await (Task<int>)loaded.Invoke("Shapes.AsyncIteratorRun.Program", "Run")!);

        var rows = tracker.Measured("Shapes.AsyncIteratorRun.");
        var stream = Assert.Single(rows, r => r.Name.EndsWith(".Stream", StringComparison.Ordinal));
        Assert.Equal(3, stream.Calls);
        Assert.Equal(WindowStatus.Ok, stream.Status);
        Assert.Equal(new[] { "count", "producerMs", }, stream.Hyperparameters.Select(h => h.Name)); // the token is not recorded
        // Structural: the producer awaited 3 × 30 ms inside MoveNextAsync, the consumer 3 × 200 ms outside it.
        Assert.True(stream.Duration >= TimeSpan.FromMilliseconds(3 * 30 * 0.9), $"the producer's awaits are missing: {stream.Duration}");
        Assert.True(stream.Duration < TimeSpan.FromMilliseconds(3 * 200), $"the consumer's awaits were counted: {stream.Duration}");

        var decodes = rows.Where(r => r.Name.EndsWith(".Decode", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, decodes.Count);
        Assert.All(decodes, d => Assert.Equal(stream.RunId, d.ParentRunId));
        var trains = rows.Where(r => r.Name.EndsWith(".Train", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, trains.Count);
        Assert.All(trains, t => Assert.Null(t.ParentRunId));
    }

    [Fact]
    public async Task Cancelling_the_enumeration_records_cancelled_and_returning_early_records_ok()
    {
        using var loaded = GeneratorHarness.CompileAndLoad(Source.Replace("Shapes.AsyncIterator", "Shapes.AsyncIteratorEnd"));

        Assert.Equal("cancelled after 2", await (Task<string>)loaded.Invoke("Shapes.AsyncIteratorEnd.Program", "Cancel")!);
        Assert.Equal(1, await (Task<int>)loaded.Invoke("Shapes.AsyncIteratorEnd.Program", "TakeOne")!);

        var streams = tracker.Measured("Shapes.AsyncIteratorEnd.").Where(r => r.Name.EndsWith(".Stream", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { (WindowStatus.Cancelled, 2L), (WindowStatus.Ok, 1L) }, streams.Select(s => (s.Status, s.Calls)));
        Assert.Equal(new[] { "cancelled", "ok" }, tracker.LedgerRows("Shapes.AsyncIteratorEnd.Data.Stream").Select(r => r["status"]));
    }
}
