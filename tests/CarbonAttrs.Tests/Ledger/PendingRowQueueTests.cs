using System.Runtime.CompilerServices;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Ledger;

public class PendingRowQueueTests
{
    private static QueuedRow Row(string name, long calls, string? result = null)
        => new(new CarbonMeasurement { Name = name, Calls = calls, Result = result });

    private static List<QueuedRow> Drain(PendingRowQueue queue)
    {
        var rows = new List<QueuedRow>();
        while (queue.TryTake(out var chunk))
        {
            for (var i = 0; i < chunk.Count; i++)
                rows.Add(chunk.Rows[i]);
            queue.Return(chunk);
        }
        return rows;
    }

    [Fact]
    public void Rows_come_out_in_enqueue_order_across_chunks_and_reused_chunks()
    {
        var queue = new PendingRowQueue(capacity: 10_000);
        var total = 0;
        // Several rounds, so later rounds run on chunks that were returned and cleared.
        foreach (var count in new[] { 1, PendingRowQueue.ChunkRows, PendingRowQueue.ChunkRows + 1, 3 * PendingRowQueue.ChunkRows - 7 })
        {
            for (var i = 0; i < count; i++)
                Assert.True(queue.TryEnqueue(Row("r", total + i)));
            Assert.Equal(count, queue.Count);
            var rows = Drain(queue);
            Assert.Equal(Enumerable.Range(total, count).Select(i => (long)i), rows.Select(r => r.Calls));
            Assert.Equal(0, queue.Count);
            total += count;
        }
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public void Full_chunks_only_leaves_the_chunk_being_filled_with_its_producers()
    {
        var queue = new PendingRowQueue(capacity: 10_000);
        for (var i = 0; i < PendingRowQueue.ChunkRows + 5; i++)
            Assert.True(queue.TryEnqueue(Row("r", i)));

        Assert.True(queue.TryTake(out var full, includeFilling: false));
        Assert.Equal(PendingRowQueue.ChunkRows, full.Count);
        queue.Return(full);
        Assert.False(queue.TryTake(out _, includeFilling: false)); // 5 rows wait in the chunk being filled
        Assert.Equal(5, queue.Count);

        Assert.True(queue.TryEnqueue(Row("r", PendingRowQueue.ChunkRows + 5))); // producers keep filling the same chunk
        var rest = Drain(queue);
        Assert.Equal(Enumerable.Range(PendingRowQueue.ChunkRows, 6).Select(i => (long)i), rest.Select(r => r.Calls));
    }

    [Fact]
    public void Beyond_the_capacity_rows_are_refused_until_the_consumer_takes_some()
    {
        var queue = new PendingRowQueue(capacity: 300);
        for (var i = 0; i < 300; i++)
            Assert.True(queue.TryEnqueue(Row("r", i)));
        Assert.False(queue.TryEnqueue(Row("refused", -1)));
        Assert.Equal(300, queue.Count);

        Assert.True(queue.TryTake(out var first)); // the oldest full chunk
        Assert.Equal(PendingRowQueue.ChunkRows, first.Count);
        Assert.Equal(300 - PendingRowQueue.ChunkRows, queue.Count);
        queue.Return(first);
        Assert.True(queue.TryEnqueue(Row("r", 300)));

        var rest = Drain(queue);
        Assert.Equal(Enumerable.Range(PendingRowQueue.ChunkRows, 301 - PendingRowQueue.ChunkRows).Select(i => (long)i), rest.Select(r => r.Calls));
        Assert.DoesNotContain(rest, r => r.Name == "refused");
    }

    [Fact]
    public void Concurrent_producers_and_a_consumer_lose_and_repeat_nothing_and_keep_each_producers_order()
    {
        const int producers = 8, perProducer = 40_000;
        var queue = new PendingRowQueue(capacity: int.MaxValue);
        var taken = new List<QueuedRow>();
        var done = 0;
        var consumer = new Thread(() =>
        {
            while (true)
            {
                var finished = Volatile.Read(ref done) == producers;
                taken.AddRange(Drain(queue));
                if (finished)
                    return;
            }
        });
        consumer.Start();
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            var name = "p" + p;
            for (var i = 0; i < perProducer; i++)
                queue.TryEnqueue(Row(name, i));
            Interlocked.Increment(ref done);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        consumer.Join();

        Assert.Equal(producers * perProducer, taken.Count);
        foreach (var group in taken.GroupBy(r => r.Name))
            Assert.Equal(Enumerable.Range(0, perProducer).Select(i => (long)i), group.Select(r => r.Calls));
        Assert.Equal(producers, taken.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void A_returned_chunk_no_longer_keeps_its_rows_objects_alive()
    {
        var queue = new PendingRowQueue(capacity: 10);
        var result = EnqueueUniqueResult(queue);
        DrainAndDiscard(queue);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(result.IsAlive, "a pooled chunk still references the text of a row already written");
    }

    // The drained rows must not outlive this call: a Debug build would keep a discarded return value in the
    // test's frame, and the weak reference would then stay alive for a reason that is not the queue's.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DrainAndDiscard(PendingRowQueue queue) => Assert.Single(Drain(queue));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference EnqueueUniqueResult(PendingRowQueue queue)
    {
        var text = new string('7', 40);
        queue.TryEnqueue(Row("r", 1, text));
        return new WeakReference(text);
    }
}
