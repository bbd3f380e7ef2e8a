using CarbonAttrs.Generators.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The generated code, reviewed as text (Snapshooter; __snapshots__ beside this file). The interceptor data
/// string holds a content hash of the calling file, so it is scrubbed.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Interceptors()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using CarbonAttrs;
            namespace Snapshots;
            public enum Precision { Half, Single }
            public sealed class Trainer<TModel> where TModel : class, new()
            {
                [TrackEmissions(Experiment = "snap")]
                public double Train(int epochs, Precision precision, ref int step, out string? log, params float[] weights)
                { log = null; return epochs; }
                [TrackEmissions]
                public async Task<TResult> EvaluateAsync<TResult>(TResult seed, CancellationToken token) where TResult : struct
                { await Task.Delay(1, token); return seed; }
            }
            public sealed class Session
            {
                [TrackEmissions]
                private void Reset() { }
                public void Run() => Reset();
            }
            public struct Counter
            {
                public int Value;
                [TrackEmissions(Summarize = true)]
                public void Add(in int by) => Value += by;
            }
            public static class Extensions
            {
                [TrackEmissions(Name = "snapshots.count", RecordArguments = false)]
                public static ValueTask<int> CountAsync<T>(this IReadOnlyCollection<T> items) => new(items.Count);
            }
            public static class Program
            {
                public static async Task Run()
                {
                    var trainer = new Trainer<object>();
                    var step = 0;
                    trainer.Train(1, Precision.Half, ref step, out _);
                    trainer.Train(2, Precision.Single, ref step, out _, 0.5f, 1f);
                    await trainer.EvaluateAsync(1.0, CancellationToken.None);
                    var counter = new Counter();
                    counter.Add(1);
                    await new[] { 1, 2 }.CountAsync();
                    await Extensions.CountAsync(new List<string>());
                }
            }
            """);
        run.AssertClean();
        // Same output on every machine: file names only, never the directory the sources live in.
        Assert.DoesNotContain("/src/consumer", run.Interceptors, StringComparison.Ordinal);

        Snapshot.Match(GeneratorHarness.Scrub(run.Interceptors));
    }

    [Fact]
    public void Partial_method_implementation()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using CarbonAttrs;
            namespace Snapshots.Partials;
            public static partial class Outer
            {
                public readonly partial struct Inference<T> where T : notnull
                {
                    [TrackEmissions(Experiment = "snap")]
                    public partial Task<double> PredictAsync<TInput>(TInput input, int batch = 32) where TInput : class;
                    private async Task<double> PredictAsyncCore<TInput>(TInput input, int batch) where TInput : class
                    { await Task.Yield(); return batch; }
                }
            }
            """);
        run.AssertClean();

        Snapshot.Match(run.Source("CarbonAttrs.Partial."));
    }

    [Fact]
    public void Inventory()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            namespace Snapshots.Inventory;
            public static class Kernels
            {
                [TrackEmissions]
                public static int MatMul(int n) => n;
                [TrackEmissions(Name = "conv \"2d\"", Summarize = true)]
                public static int Conv(int n) => n;
            }
            """);
        run.AssertClean();

        Snapshot.Match(run.Source("CarbonAttrs.Inventory"));
    }
}
