using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CarbonAttrs.Telemetry.Tests;

/// <summary>
/// A training-shaped program exporting the <c>CarbonAttrs</c> meter the way docs/telemetry.md shows: the
/// OpenTelemetry SDK with its Prometheus HTTP listener. Settings come from <c>CARBONATTRS_*</c> variables
/// the test sets. It makes tracked calls, flushes the ledger, says it is ready, and keeps serving the
/// metrics until the test asks it to stop.
/// </summary>
internal static class PrometheusWorker
{
    public static int Run(int port, string readyFile, string stopFile)
    {
        using var metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter("CarbonAttrs")
            .AddPrometheusHttpListener(o => { o.Host = "127.0.0.1"; o.Port = port; })
            .Build();

        var best = 0.0;
        foreach (var lr in new[] { 0.1, 0.01, 0.001 })
            foreach (var hidden in new[] { 16, 32 })
                best = Math.Max(best, Trainer.Train(lr, hidden));
        for (var i = 0; i < 200; i++)
            Trainer.Score(i);
        try { Trainer.Diverge(); } catch (InvalidOperationException) { }

        CarbonTracker.Flush();
        File.WriteAllText(readyFile, best.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!File.Exists(stopFile) && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        return 0;
    }
}

/// <summary>Default (private) accessibility and a static class: the code newcomers write.</summary>
internal static class Trainer
{
    [TrackEmissions(Experiment = "prometheus")]
    public static double Train(double lr, int hidden) => Burn(TimeSpan.FromMilliseconds(120)) * lr + hidden;

    [TrackEmissions(Summarize = true)]
    public static double Score(int item) => Burn(TimeSpan.FromMilliseconds(1)) + item;

    [TrackEmissions]
    public static double Diverge()
    {
        Burn(TimeSpan.FromMilliseconds(50));
        throw new InvalidOperationException("loss is NaN");
    }

    private static double Burn(TimeSpan span)
    {
        var until = DateTime.UtcNow + span;
        var x = 1.0;
        while (DateTime.UtcNow < until)
            x = Math.Sqrt(x + 1.0);
        return x;
    }
}
