using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>Exceptions pass through untouched; nested tracked calls record their parent.</summary>
[Collection(TrackerCollection.Name)]
public sealed class FailureAndNestingTests(TrackerFixture tracker)
{
    [Fact]
    public void Exception_reaches_the_caller_with_its_original_stack_trace_and_a_failed_row()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using CarbonAttrs;
            namespace Shapes.Failure;
            public static class Trainer
            {
                public static int BodyRuns;
                [TrackEmissions]
                public static int Diverge(double lr)
                {
                    BodyRuns++;
                    return ThrowLossIsNaN(lr);
                }
                private static int ThrowLossIsNaN(double lr) => throw new InvalidOperationException("loss is NaN at lr " + lr);
            }
            public static class Program
            {
                public static int Run() => Trainer.Diverge(10);
            }
            """);

        var ex = Assert.Throws<InvalidOperationException>(() => loaded.Invoke("Shapes.Failure.Program", "Run"));

        Assert.Equal("loss is NaN at lr 10", ex.Message);
        // The thrower's frame is on top: the wrapper's filter never caught and rethrew the exception.
        var frames = ex.StackTrace!.Split('\n').Select(f => f.Trim()).ToList();
        Assert.Contains("ThrowLossIsNaN", frames[0]);
        Assert.Contains("Diverge", frames[1]);
        Assert.Equal(1, loaded.Field<int>("Shapes.Failure.Trainer", "BodyRuns"));
        var row = Assert.Single(tracker.Measured("Shapes.Failure."));
        Assert.Equal(WindowStatus.Failed, row.Status);
        Assert.Equal(10.0, Assert.Single(row.Hyperparameters).Value);
    }

    [Fact]
    public async Task Nested_calls_record_the_enclosing_call_as_parent_across_await()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Threading.Tasks;
            using CarbonAttrs;
            namespace Shapes.Nesting;
            public static class Pipeline
            {
                [TrackEmissions]
                public static async Task<int> Epoch(int n)
                {
                    var total = 0;
                    for (var i = 0; i < n; i++)
                    {
                        await Task.Yield();
                        total += Step(i);
                    }
                    return total;
                }
                [TrackEmissions]
                public static int Step(int i) => i;
                [TrackEmissions]
                public static int Standalone() => 1;
            }
            public static class Program
            {
                public static async Task<int> Run()
                {
                    var total = await Pipeline.Epoch(3);
                    return total + Pipeline.Standalone();
                }
            }
            """);

        Assert.Equal(4, await (Task<int>)loaded.Invoke("Shapes.Nesting.Program", "Run")!);

        var rows = tracker.Measured("Shapes.Nesting.");
        var epoch = Assert.Single(rows, r => r.Name.EndsWith(".Epoch", StringComparison.Ordinal));
        var steps = rows.Where(r => r.Name.EndsWith(".Step", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal(epoch.RunId, s.ParentRunId));
        // After the awaited call returned, the caller's context no longer has the epoch as ambient parent.
        Assert.Null(Assert.Single(rows, r => r.Name.EndsWith(".Standalone", StringComparison.Ordinal)).ParentRunId);
        Assert.Null(epoch.ParentRunId);
    }
}
