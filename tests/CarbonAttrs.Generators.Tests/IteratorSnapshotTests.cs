using CarbonAttrs.Generators.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace CarbonAttrs.Generators.Tests;

/// <summary>The generated code for iterators, reviewed as text: no window around the call, the result wrapped per enumeration.</summary>
public sealed class IteratorSnapshotTests
{
    [Fact]
    public void Iterator_interceptors()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using CarbonAttrs;
            namespace Snapshots.Iterators;
            public sealed class Loader<TItem> where TItem : class
            {
                [TrackEmissions(Experiment = "snap")]
                public IEnumerable<TItem> Batches(int size, string split) { yield break; }
                [TrackEmissions(Summarize = true)]
                public IEnumerator<TItem> Cursor(int __call) { yield break; }
                [TrackEmissions]
                public static IEnumerable Untyped() { yield return 1; }
                [TrackEmissions]
                public async IAsyncEnumerable<T> StreamAsync<T>(T seed, [EnumeratorCancellation] CancellationToken token = default)
                { await Task.Yield(); yield return seed; }
            }
            public static class Program
            {
                public static async Task Run(Loader<string> loader)
                {
                    foreach (var batch in loader.Batches(32, "train")) { }
                    loader.Cursor(0).Dispose();
                    foreach (var item in Loader<string>.Untyped()) { }
                    await foreach (var item in loader.StreamAsync(1.0)) { }
                }
            }
            """);
        run.AssertClean();

        Snapshot.Match(GeneratorHarness.Scrub(run.Interceptors));
    }

    [Fact]
    public void Iterator_partial_method_implementation()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Snapshots.IteratorPartials;
            public static partial class Shards
            {
                [TrackEmissions]
                public static partial IEnumerable<int> Read(string path, int shard);
                private static IEnumerable<int> ReadCore(string path, int shard) { yield return shard; }
            }
            """);
        run.AssertClean();

        Snapshot.Match(run.Source("CarbonAttrs.Partial."));
    }
}
