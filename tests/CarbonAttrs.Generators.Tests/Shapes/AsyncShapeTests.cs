using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>Task and ValueTask methods: the window lasts until the task completes and records how it ended.</summary>
[Collection(TrackerCollection.Name)]
public sealed class AsyncShapeTests(TrackerFixture tracker)
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CarbonAttrs;
        namespace Shapes.Async;
        public sealed class Jobs
        {
            public static int BodyRuns;
            [TrackEmissions]
            public async Task Wait(int milliseconds) { BodyRuns++; await Task.Delay(milliseconds); }
            [TrackEmissions]
            public async Task<int> Compute(int x) { BodyRuns++; await Task.Delay(20); return x * 2; }
            [TrackEmissions]
            public async ValueTask Pause() { BodyRuns++; await Task.Delay(20); }
            [TrackEmissions]
            public async ValueTask<double> Measure(double x) { BodyRuns++; await Task.Yield(); return x / 4; }
            [TrackEmissions]
            public async Task Forever(CancellationToken token) { BodyRuns++; await Task.Delay(-1, token); }
            [TrackEmissions]
            public Task Refuse(int x) => x < 0 ? throw new ArgumentOutOfRangeException(nameof(x)) : Task.CompletedTask;
        }
        public static class Program
        {
            public static async Task<string> Run()
            {
                var jobs = new Jobs();
                await jobs.Wait(200);
                var computed = await jobs.Compute(21);
                await jobs.Pause();
                var measured = await jobs.Measure(2);
                return computed + " " + measured;
            }
            public static async Task<string> Cancel()
            {
                using var source = new CancellationTokenSource(50);
                try { await new Jobs().Forever(source.Token); return "completed"; }
                catch (OperationCanceledException) { return "cancelled"; }
            }
            public static string Throw()
            {
                try { new Jobs().Refuse(-1); return "no exception"; }
                catch (ArgumentOutOfRangeException ex) { return ex.ParamName!; }
            }
        }
        """;

    [Fact]
    public async Task Window_covers_the_awaited_time_and_records_task_results()
    {
        using var loaded = GeneratorHarness.CompileAndLoad(Source);

        var result = await (Task<string>)loaded.Invoke("Shapes.Async.Program", "Run")!;

        Assert.Equal("42 0.5", result);
        Assert.Equal(4, loaded.Field<int>("Shapes.Async.Jobs", "BodyRuns"));
        var rows = tracker.Measured("Shapes.Async.");
        Assert.Equal(new[] { "Wait", "Compute", "Pause", "Measure" }, rows.Select(r => r.Name.Split('.').Last()));
        Assert.All(rows, r => Assert.Equal(WindowStatus.Ok, r.Status));
        Assert.True(rows[0].Duration >= TimeSpan.FromSeconds(0.19), $"Task.Delay(200) measured as {rows[0].Duration}");
        Assert.Equal("42", rows[1].Result);
        Assert.Equal("0.5", rows[3].Result);
    }

    [Fact]
    public async Task Cancelled_task_records_cancelled_and_the_caller_sees_the_cancellation()
    {
        using var loaded = GeneratorHarness.CompileAndLoad(Source);

        var outcome = await (Task<string>)loaded.Invoke("Shapes.Async.Program", "Cancel")!;

        Assert.Equal("cancelled", outcome);
        var row = Assert.Single(tracker.Measured("Shapes.Async.Jobs.Forever"));
        Assert.Equal(WindowStatus.Cancelled, row.Status);
    }

    [Fact]
    public void Task_method_that_throws_before_returning_a_task_records_failed()
    {
        using var loaded = GeneratorHarness.CompileAndLoad(Source);

        Assert.Equal("x", loaded.Invoke("Shapes.Async.Program", "Throw"));
        var row = Assert.Single(tracker.Measured("Shapes.Async.Jobs.Refuse"));
        Assert.Equal(WindowStatus.Failed, row.Status);
    }
}
