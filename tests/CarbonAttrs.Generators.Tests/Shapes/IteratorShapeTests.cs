using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>
/// Iterators run their body while the caller enumerates, after the call has returned. Each enumeration is measured:
/// one row, written when it completes, fails or is disposed, whose duration is the time spent inside the iterator
/// (not the consumer's time between items) and whose <c>calls</c> is the number of items produced.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class IteratorShapeTests(TrackerFixture tracker)
{
    [Fact]
    public void A_full_enumeration_writes_one_row_with_the_items_as_calls_and_without_the_consumers_time()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using System.Threading;
            using CarbonAttrs;
            namespace Shapes.IteratorFull;
            public static class Data
            {
                [TrackEmissions]
                public static IEnumerable<int> Batches(int count, int producerMs)
                {
                    for (var i = 0; i < count; i++)
                    {
                        Thread.Sleep(producerMs); // the producer's work: inside MoveNext
                        yield return i;
                    }
                }
            }
            public static class Program
            {
                public static int Run()
                {
                    var sum = 0;
                    foreach (var batch in Data.Batches(3, 40))
                    {
                        Thread.Sleep(200); // the consumer's work: between items, not the iterator's
                        sum += batch;
                    }
                    return sum;
                }
            }
            """);

        Assert.Equal(3, loaded.Invoke("Shapes.IteratorFull.Program", "Run"));

        var row = Assert.Single(tracker.Measured("Shapes.IteratorFull."));
        Assert.Equal("Shapes.IteratorFull.Data.Batches", row.Name);
        Assert.Equal(3, row.Calls);
        Assert.Equal(WindowStatus.Ok, row.Status);
        Assert.Equal(new[] { ("count", (object?)3), ("producerMs", 40) }, row.Hyperparameters.Select(h => (h.Name, h.Value)));
        // Structural, not a timing claim: the producer slept 3 × 40 ms inside MoveNext, the consumer 3 × 200 ms outside it.
        Assert.True(row.Duration >= TimeSpan.FromMilliseconds(3 * 40 * 0.9), $"the producer's sleeps are missing: {row.Duration}");
        Assert.True(row.Duration < TimeSpan.FromMilliseconds(3 * 200), $"the consumer's sleeps were counted: {row.Duration}");
        Assert.Null(row.ParentRunId);

        var ledger = Assert.Single(tracker.LedgerRows("Shapes.IteratorFull."));
        Assert.Equal("3", ledger["calls"]);
        Assert.Equal("ok", ledger["status"]);
    }

    [Fact]
    public void Breaking_out_early_disposes_the_iterator_inside_its_window_and_writes_an_ok_row()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.IteratorBreak;
            public static class Data
            {
                public static int Cleanups;
                [TrackEmissions]
                public static IEnumerable<int> Endless()
                {
                    try
                    {
                        for (var i = 0; ; i++)
                            yield return i;
                    }
                    finally
                    {
                        Cleanups++; // runs in Dispose: part of the last segment
                    }
                }
            }
            public static class Program
            {
                public static int Run()
                {
                    var seen = 0;
                    foreach (var item in Data.Endless())
                    {
                        if (item == 4)
                            break;
                        seen++;
                    }
                    return seen + 10 * Data.Endless().Take(2).Count();
                }
            }
            """);

        Assert.Equal(24, loaded.Invoke("Shapes.IteratorBreak.Program", "Run"));

        Assert.Equal(2, loaded.Field<int>("Shapes.IteratorBreak.Data", "Cleanups"));
        var rows = tracker.Measured("Shapes.IteratorBreak.");
        Assert.Equal(new long[] { 5, 2 }, rows.Select(r => r.Calls));
        Assert.All(rows, r => Assert.Equal(WindowStatus.Ok, r.Status));
    }

    [Fact]
    public void An_exception_inside_the_iterator_reaches_the_consumer_unchanged_after_a_failed_row()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Shapes.IteratorFailure;
            public static class Data
            {
                [TrackEmissions]
                public static IEnumerable<double> Losses()
                {
                    yield return 0.5;
                    yield return 0.25;
                    yield return Diverge();
                }
                private static double Diverge() => throw new InvalidOperationException("loss is NaN");
            }
            public static class Program
            {
                public static int Consumed;
                public static void Run()
                {
                    foreach (var loss in Data.Losses())
                        Consumed++;
                }
            }
            """);

        var ex = Assert.Throws<InvalidOperationException>(() => loaded.Invoke("Shapes.IteratorFailure.Program", "Run"));

        Assert.Equal("loss is NaN", ex.Message);
        Assert.Contains("Diverge", ex.StackTrace!.Split('\n')[0]); // the thrower's frame is still on top
        Assert.Equal(2, loaded.Field<int>("Shapes.IteratorFailure.Program", "Consumed"));
        var row = Assert.Single(tracker.Measured("Shapes.IteratorFailure."));
        Assert.Equal(WindowStatus.Failed, row.Status);
        Assert.Equal(2, row.Calls);
        Assert.Equal("failed", Assert.Single(tracker.LedgerRows("Shapes.IteratorFailure."))["status"]);
    }

    [Fact]
    public void Each_enumeration_of_the_same_enumerable_writes_its_own_row()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.IteratorTwice;
            public static class Data
            {
                public static int BodyStarts;
                [TrackEmissions]
                public static IEnumerable<int> Range(int count)
                {
                    BodyStarts++;
                    for (var i = 0; i < count; i++)
                        yield return i;
                }
            }
            public static class Program
            {
                public static int Run()
                {
                    var items = Data.Range(4);
                    return items.Sum() + items.Count();
                }
            }
            """);

        Assert.Equal(10, loaded.Invoke("Shapes.IteratorTwice.Program", "Run"));

        Assert.Equal(2, loaded.Field<int>("Shapes.IteratorTwice.Data", "BodyStarts"));
        var rows = tracker.Measured("Shapes.IteratorTwice.");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(4, r.Calls));
        Assert.NotEqual(rows[0].RunId, rows[1].RunId);
        Assert.All(rows, r => Assert.Equal(4, Assert.Single(r.Hyperparameters).Value));
    }

    [Fact]
    public void Calls_inside_the_iterator_nest_in_its_row_and_the_consumers_calls_do_not()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Shapes.IteratorNesting;
            public static class Data
            {
                [TrackEmissions]
                public static int Decode(int i) => i * 2;
                [TrackEmissions]
                public static int Train(int x) => x;
                [TrackEmissions]
                public static IEnumerable<int> Batches(int count)
                {
                    for (var i = 0; i < count; i++)
                        yield return Decode(i); // the producer's call
                    CarbonWindow.Current!.Record("produced", count); // the enumeration's window, while the iterator runs
                }
                [TrackEmissions]
                public static int Epoch()
                {
                    var total = 0;
                    foreach (var batch in Batches(3))
                        total += Train(batch); // the consumer's call, between items
                    return total;
                }
            }
            public static class Program
            {
                public static int Run() => Data.Epoch();
            }
            """);

        Assert.Equal(6, loaded.Invoke("Shapes.IteratorNesting.Program", "Run"));

        var rows = tracker.Measured("Shapes.IteratorNesting.");
        var epoch = Assert.Single(rows, r => r.Name.EndsWith(".Epoch", StringComparison.Ordinal));
        var batches = Assert.Single(rows, r => r.Name.EndsWith(".Batches", StringComparison.Ordinal));
        var decodes = rows.Where(r => r.Name.EndsWith(".Decode", StringComparison.Ordinal)).ToList();
        var trains = rows.Where(r => r.Name.EndsWith(".Train", StringComparison.Ordinal)).ToList();
        Assert.Equal(epoch.RunId, batches.ParentRunId); // enumerated inside the epoch
        Assert.Equal(new[] { ("count", (object?)3), ("produced", 3) }, batches.Hyperparameters.Select(h => (h.Name, h.Value)));
        Assert.Equal(3, decodes.Count);
        Assert.All(decodes, d => Assert.Equal(batches.RunId, d.ParentRunId));
        Assert.Equal(3, trains.Count);
        Assert.All(trains, t => Assert.Equal(epoch.RunId, t.ParentRunId));
        Assert.Null(CarbonWindow.Current); // the consumer's context got its own ambient window back
    }

    [Fact]
    public void Enumerator_non_generic_private_and_partial_pattern_iterators_are_measured()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections;
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Shapes.IteratorForms;
            public static partial class Data
            {
                [TrackEmissions]
                public static IEnumerator<int> Cursor() { yield return 1; yield return 2; }
                [TrackEmissions]
                public static IEnumerable Untyped() { yield return "a"; yield return 2; yield return 3.0; }
                [TrackEmissions]
                public static partial IEnumerable<string> Names(int count);
                private static IEnumerable<string> NamesCore(int count) { for (var i = 0; i < count; i++) yield return "n" + i; }
            }
            public sealed class Reader
            {
                [TrackEmissions]
                private IEnumerable<int> Rows() { yield return 4; yield return 5; } // reached through UnsafeAccessor
                public int Sum() { var sum = 0; foreach (var row in Rows()) sum += row; return sum; }
            }
            public static class Program
            {
                public static string Run()
                {
                    var cursor = Data.Cursor();
                    var sum = 0;
                    while (cursor.MoveNext())
                        sum += cursor.Current;
                    var untyped = 0;
                    foreach (var item in Data.Untyped())
                        untyped++;
                    var names = new List<string>(Data.Names(2));
                    System.Func<int, IEnumerable<string>> group = Data.Names; // the partial pattern covers delegates too
                    names.AddRange(group(1));
                    return sum + " " + untyped + " " + string.Join(",", names) + " " + new Reader().Sum();
                }
            }
            """);

        Assert.Equal("3 3 n0,n1,n0 9", loaded.Invoke("Shapes.IteratorForms.Program", "Run"));

        var rows = tracker.Measured("Shapes.IteratorForms.");
        Assert.Equal(new[] { ("Cursor", 2L), ("Untyped", 3L), ("Names", 2L), ("Names", 1L), ("Rows", 2L) }, rows.Select(r => (r.Name.Split('.').Last(), r.Calls)));
        Assert.All(rows, r => Assert.Equal(WindowStatus.Ok, r.Status));
    }

    [Fact]
    public void A_summarized_iterator_adds_each_enumeration_to_one_summary_row()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.IteratorSummary;
            public static class Data
            {
                [TrackEmissions(Summarize = true)]
                public static IEnumerable<int> Shard(int count) { for (var i = 0; i < count; i++) yield return i; }
            }
            public static class Program
            {
                public static int Run() => Enumerable.Range(0, 5).Sum(_ => Data.Shard(3).Count());
            }
            """);

        Assert.Equal(15, loaded.Invoke("Shapes.IteratorSummary.Program", "Run"));

        var row = Assert.Single(tracker.LedgerRows("Shapes.IteratorSummary."));
        Assert.Equal("15", row["calls"]);
        Assert.Equal("ok", row["status"]);
        Assert.Equal("", row["hyperparameters"]);
    }

    [Fact]
    public void A_method_whose_yield_is_in_a_local_function_is_an_ordinary_call()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.IteratorMaterialized;
            public static class Data
            {
                [TrackEmissions]
                public static List<int> Materialized(int count)
                {
                    IEnumerable<int> Local() { for (var i = 0; i < count; i++) yield return i; }
                    return Local().ToList();
                }
            }
            public static class Program
            {
                public static int Run() => Data.Materialized(5).Count;
            }
            """);

        Assert.Equal(5, loaded.Invoke("Shapes.IteratorMaterialized.Program", "Run"));

        var row = Assert.Single(tracker.Measured("Shapes.IteratorMaterialized."));
        Assert.Equal(1, row.Calls);
    }

    [Fact]
    public void A_compiled_iterator_from_another_assembly_is_measured_too()
    {
        var library = CSharpCompilation.Create("IteratorLibrary_" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText("""
                using System.Collections.Generic;
                using CarbonAttrs;
                namespace Shapes.IteratorCompiled;
                public static class Source
                {
                    [TrackEmissions]
                    public static IEnumerable<int> Items() { yield return 1; yield return 2; }
                }
                """, GeneratorHarness.EnabledParseOptions) },
            GeneratorHarness.References, GeneratorHarness.CompilationOptions);
        var image = GeneratorHarness.Emit(library);
        var name = library.AssemblyName!;

        var run = GeneratorHarness.Run("""
            using System.Linq;
            namespace Consumer;
            public static class Program
            {
                public static int Run() => Shapes.IteratorCompiled.Source.Items().Sum();
            }
            """, extraReferences: new[] { MetadataReference.CreateFromImage(image) });
        run.AssertClean();
        Assert.Contains("TrackedIterator.Enumerable(", run.Interceptors, StringComparison.Ordinal);
        using var loaded = GeneratorHarness.Load(run.Output, new[] { (name, image) });

        Assert.Equal(3, loaded.Invoke("Consumer.Program", "Run"));

        Assert.Equal(2, Assert.Single(tracker.Measured("Shapes.IteratorCompiled.")).Calls);
    }
}
