using System.Diagnostics;
using CarbonAttrs.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CarbonAttrs.TorchSharp.Tests.Telemetry;

/// <summary>The Meter and ActivitySource seen through the OpenTelemetry SDK and its in-memory exporter.</summary>
[Collection(TrackerCollection.Name)]
public class TelemetryTests
{
    private static readonly ActivitySource TestSource = new("CarbonAttrs.Tests.Parent");

    [Fact]
    public void AWindowIsASpanUnderTheCurrentActivityWithItsFactsAsAttributes()
    {
        using var tracker = new TemporaryTracker();
        var spans = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(CarbonTelemetry.Name, TestSource.Name).AddInMemoryExporter(spans).Build())
        {
            CarbonWindow window;
            Activity? inside;
            using (var parent = TestSource.StartActivity("training-job"))
            {
                using (window = CarbonTracker.Track("telemetry.span", "exp-1").Record("lr", 0.05).Record("hidden", 64))
                {
                    inside = Activity.Current;
                    BurnCpu(TimeSpan.FromMilliseconds(60));
                    window.SetResult(0.875);
                }
                Assert.Same(parent, Activity.Current); // the window's span is no longer current once closed
            }
            tracing!.ForceFlush();

            var m = window.Measurement!;
            var span = Assert.Single(spans, s => s.Source.Name == CarbonTelemetry.Name);
            var parentSpan = Assert.Single(spans, s => s.Source.Name == TestSource.Name);
            Assert.Same(span, inside); // current inside the window: work started there nests under it
            Assert.Equal("telemetry.span", span.DisplayName);
            Assert.Equal(parentSpan.SpanId, span.ParentSpanId);
            Assert.Equal(parentSpan.TraceId, span.TraceId);
            Assert.Equal(m.Duration, span.Duration);
            Assert.Equal(m.RunId.ToString(), span.GetTagItem("carbonattrs.run_id"));
            Assert.Equal("telemetry.span", span.GetTagItem("carbonattrs.method"));
            Assert.Equal("exp-1", span.GetTagItem("carbonattrs.experiment"));
            Assert.Equal("ok", span.GetTagItem("carbonattrs.status"));
            Assert.Equal(m.CpuJoules, span.GetTagItem("carbonattrs.energy.cpu"));
            Assert.Equal(m.RamJoules, span.GetTagItem("carbonattrs.energy.ram"));
            Assert.Equal(m.CpuSource, span.GetTagItem("carbonattrs.energy.cpu.source"));
            Assert.Equal(m.EmissionsKg, span.GetTagItem("carbonattrs.emissions"));
            Assert.Equal(400.0, span.GetTagItem("carbonattrs.intensity"));
            Assert.Equal(0.05, span.GetTagItem("carbonattrs.hyperparameter.lr"));
            Assert.Equal(64, span.GetTagItem("carbonattrs.hyperparameter.hidden"));
            Assert.Equal("0.875", span.GetTagItem("carbonattrs.result"));
            Assert.Equal(Environment.MachineName, span.GetTagItem("host.name"));
            Assert.True(m.CpuJoules > 0);
        }
    }

    [Fact]
    public void AFailedWindowIsAnErrorSpan()
    {
        using var tracker = new TemporaryTracker();
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(CarbonTelemetry.Name).AddInMemoryExporter(spans).Build();

        using (var window = CarbonTracker.Track("telemetry.failed"))
            window.Fail(new InvalidOperationException("boom"));
        tracing!.ForceFlush();

        var span = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("failed", span.GetTagItem("carbonattrs.status"));
    }

    [Fact]
    public void CountersAndHistogramAddUpToTheMeasurements()
    {
        using var tracker = new TemporaryTracker();
        var exported = new List<MetricSnapshot>();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(CarbonTelemetry.Name).AddInMemoryExporter(exported).Build();

        var measurements = new List<CarbonMeasurement>();
        for (var i = 0; i < 3; i++)
        {
            using var window = CarbonTracker.Track("telemetry.metrics");
            BurnCpu(TimeSpan.FromMilliseconds(30));
            window.Dispose();
            measurements.Add(window.Measurement!);
        }
        metering!.ForceFlush();

        var energy = Latest(exported, "carbonattrs.energy");
        var emissions = Latest(exported, "carbonattrs.emissions");
        var duration = Latest(exported, "carbonattrs.window.duration");
        Assert.Equal(("J", "kg", "s"), (energy.Unit, emissions.Unit, duration.Unit));

        var cpu = SumWhere(energy, "telemetry.metrics", "cpu", out var cpuTags);
        Assert.Equal(measurements.Sum(m => m.CpuJoules), cpu, 9);
        Assert.Equal(measurements.Sum(m => m.RamJoules), SumWhere(energy, "telemetry.metrics", "ram", out _), 9);
        Assert.Equal(measurements.Sum(m => m.EmissionsKg),
            SumWhere(emissions, "telemetry.metrics", "cpu", out _) + SumWhere(emissions, "telemetry.metrics", "ram", out _), 15);
        Assert.Equal("ok", cpuTags["carbonattrs.status"]);
        Assert.Equal(measurements[0].CpuSource, cpuTags["carbonattrs.energy.source"]);
        Assert.Equal(Environment.MachineName, cpuTags["host.name"]);
        Assert.True(cpuTags.ContainsKey("carbonattrs.rank"));

        var histogram = duration.MetricPoints.Where(p => TagsOf(p)["carbonattrs.method"] as string == "telemetry.metrics").ToList();
        var point = Assert.Single(histogram);
        Assert.Equal(3, point.GetHistogramCount());
        Assert.Equal(measurements.Sum(m => m.Duration.TotalSeconds), point.GetHistogramSum(), 9);
    }

    [Fact]
    public void InAJobTheMetricsCarryTheJobIdAndTheSpansTheWorldSizeAndLocalRank()
    {
        var variables = new Dictionary<string, string?> { ["CARBONATTRS_JOB_ID"] = "sweep-42", ["RANK"] = "3", ["WORLD_SIZE"] = "8", ["LOCAL_RANK"] = "1" };
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in variables)
            Environment.SetEnvironmentVariable(name, value);
        try
        {
            using var tracker = new TemporaryTracker(); // the run context is read when the tracker is configured
            var exported = new List<MetricSnapshot>();
            var spans = new List<Activity>();
            using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(CarbonTelemetry.Name).AddInMemoryExporter(exported).Build();
            using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(CarbonTelemetry.Name).AddInMemoryExporter(spans).Build();

            using (CarbonTracker.Track("telemetry.job"))
                BurnCpu(TimeSpan.FromMilliseconds(20));
            metering!.ForceFlush();
            tracing!.ForceFlush();

            foreach (var name in new[] { "carbonattrs.energy", "carbonattrs.emissions", "carbonattrs.window.duration" })
            {
                var points = Latest(exported, name).MetricPoints.Where(p => TagsOf(p)["carbonattrs.method"] as string == "telemetry.job").ToList();
                Assert.NotEmpty(points);
                Assert.All(points, p => Assert.Equal(("sweep-42", "3"), (TagsOf(p)["carbonattrs.job_id"], TagsOf(p)["carbonattrs.rank"])));
            }
            var span = Assert.Single(spans);
            Assert.Equal("sweep-42", span.GetTagItem("carbonattrs.job_id"));
            Assert.Equal("8", span.GetTagItem("carbonattrs.world_size"));
            Assert.Equal("1", span.GetTagItem("carbonattrs.local_rank"));
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public void NoSpanIsStartedAndNothingIsMeasuredForTelemetryWithoutAListener()
    {
        using var tracker = new TemporaryTracker();
        Assert.False(CarbonTelemetry.Source.HasListeners());
        Assert.False(CarbonTelemetry.Energy.Enabled || CarbonTelemetry.Emissions.Enabled || CarbonTelemetry.Duration.Enabled);

        Activity? inside;
        using (CarbonTracker.Track("telemetry.unobserved"))
            inside = Activity.Current;

        Assert.Null(inside);
        Assert.Single(tracker.Rows(), r => r["method"] == "telemetry.unobserved"); // the ledger still gets its row
    }

    private static MetricSnapshot Latest(List<MetricSnapshot> exported, string name) => exported.Last(m => m.Name == name);

    private static double SumWhere(MetricSnapshot metric, string method, string component, out Dictionary<string, object?> tags)
    {
        var sum = 0.0;
        tags = new Dictionary<string, object?>();
        foreach (var point in metric.MetricPoints)
        {
            var pointTags = TagsOf(point);
            if (pointTags["carbonattrs.method"] as string == method && pointTags["carbonattrs.component"] as string == component)
            {
                sum += point.GetSumDouble();
                tags = pointTags;
            }
        }
        return sum;
    }

    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value;
        return tags;
    }

    private static void BurnCpu(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var x = 0.0;
        while (clock.Elapsed < duration)
            x += Math.Sqrt(x + 1);
        GC.KeepAlive(x);
    }
}
