using CarbonAttrs.Ledger;
using CarbonAttrs.Reliability.Tests.Support;
using CarbonAttrs.Runtime;

namespace CarbonAttrs.Reliability.Tests.Concurrency;

/// <summary>64 threads × 10,000 tracked calls through the API generated code calls: no row and no count lost.</summary>
[Collection(ReliabilityCollection.Name)]
public class ConcurrentCallsTests
{
    private const int Threads = 64;
    private const int CallsPerThread = 10_000;

    [Fact]
    public void Per_row_mode_writes_one_row_per_call_from_64_threads()
    {
        // 640,000 rows in a few seconds: the flood guard would rightly summarize them; this test is about the writer.
        using var scope = new TrackerScope(o => o.MaxRowsPerSecond = 0);
        var method = new TrackedMethod("per-row", "concurrency", summarize: false, recordArguments: false, recordResult: true);
        RunOnThreads(thread =>
        {
            for (var i = 0; i < CallsPerThread; i++)
            {
                var call = method.Begin();
                call.Result(thread * CallsPerThread + i);
                call.End();
            }
        });
        CarbonTracker.Flush();

        var resultColumn = LedgerColumns.All.ToList().IndexOf("result");
        var callsColumn = LedgerColumns.All.ToList().IndexOf("calls");
        var seen = new bool[Threads * CallsPerThread];
        var rows = 0;
        foreach (var record in LedgerFile.StreamStrict(scope.LedgerPath))
        {
            rows++;
            var result = int.Parse(record.Fields[resultColumn]);
            Assert.False(seen[result], $"call {result} has two rows");
            seen[result] = true;
            Assert.Equal("1", record.Fields[callsColumn]);
        }
        // Every call's own row, exactly once.
        Assert.Equal(Threads * CallsPerThread, rows);
        Assert.DoesNotContain(false, seen);
        Assert.Empty(scope.Warnings);
    }

    [Fact]
    public void Per_row_windows_opened_by_CarbonTracker_Track_from_64_threads_are_all_written()
    {
        // The same writer path as above; fewer calls keep the suite short.
        const int windowsPerThread = 2_000;
        using var scope = new TrackerScope();
        RunOnThreads(thread =>
        {
            for (var i = 0; i < windowsPerThread; i++)
            {
                using var window = CarbonTracker.Track("window", "t" + thread);
            }
        });
        CarbonTracker.Flush();

        var experimentColumn = LedgerColumns.All.ToList().IndexOf("experiment_id");
        var parentColumn = LedgerColumns.All.ToList().IndexOf("parent_run_id");
        var perThread = new Dictionary<string, int>();
        foreach (var record in LedgerFile.StreamStrict(scope.LedgerPath))
        {
            var experiment = record.Fields[experimentColumn];
            perThread[experiment] = perThread.GetValueOrDefault(experiment) + 1;
            // Windows on different threads never become each other's parents (AsyncLocal is per flow).
            Assert.Equal("", record.Fields[parentColumn]);
        }
        Assert.Equal(Threads, perThread.Count);
        Assert.All(perThread.Values, count => Assert.Equal(windowsPerThread, count));
    }

    [Fact]
    public void Summarize_mode_counts_every_call_even_while_another_thread_flushes()
    {
        using var scope = new TrackerScope();
        var method = new TrackedMethod("summarized", "concurrency", summarize: true, recordArguments: false, recordResult: false);
        using var stop = new CancellationTokenSource();
        var flushes = 0;
        // Summaries taken while calls are adding to the totals must not drop or double-count any call.
        var flusher = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                CarbonTracker.Flush();
                flushes++;
                Thread.Sleep(2);
            }
        });
        flusher.Start();
        RunOnThreads(thread =>
        {
            for (var i = 0; i < CallsPerThread; i++)
            {
                var call = method.Begin();
                if (i % 1000 == 999)
                    call.Fail(new InvalidOperationException("one in a thousand fails"));
                call.End();
            }
        });
        stop.Cancel();
        flusher.Join();
        CarbonTracker.Flush();

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.True(ledger.Records.Count >= 1);
        Assert.Equal((long)Threads * CallsPerThread, ledger.Records.Sum(r => long.Parse(ledger.Value(r, "calls"))));
        Assert.Contains(ledger.Records, r => ledger.Value(r, "status") == "failed");
        Assert.All(ledger.Records, r => Assert.True(double.Parse(ledger.Value(r, "duration"), System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.True(flushes > 0);
    }

    private static void RunOnThreads(Action<int> body)
    {
        using var ready = new Barrier(Threads);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            ready.SignalAndWait();
            try { body(t); }
            catch (Exception ex) { errors.Enqueue(ex); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }
}
