using System.Globalization;
using CarbonAttrs.Footprint.Tests.Support;

namespace CarbonAttrs.Footprint.Tests;

/// <summary>
/// Builds the sample twice, before any test runs: a first build (compiles, writes the report) and an unchanged
/// second build. Tests read these outcomes; the budget test builds again on its own.
/// </summary>
public sealed class FootprintBuildFixture : IDisposable
{
    /// <summary>Line of the sweep loop in <see cref="Program"/>.</summary>
    public const int SweepLine = 5;

    /// <summary>A 2 × 50 grid over a tracked training run: the generator records the method and the sweep of 100 runs.</summary>
    public const string Program = """
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        foreach (var lr in new[] { 0.1, 0.01 })
            for (var seed = 0; seed < 50; seed++)
                Trainer.Train(lr, seed);

        internal static class Trainer
        {
            [TrackEmissions(Experiment = "footprint-test")]
            public static void Train(double lr, int seed)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (var epoch = 0; epoch < 3; epoch++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
        }
        """;

    public FootprintBuildFixture()
    {
        Sample = new SampleProject(Program, Ledger(
            // Three finished runs of 10, 20 and 30 Wh (1, 2, 3 g CO2eq at 100 g/kWh); a failed run is not a cost sample.
            ("Trainer.Train", "ok", 0.010, 0.001, 100),
            ("Trainer.Train", "ok", 0.020, 0.002, 200),
            ("Trainer.Train", "ok", 0.030, 0.003, 300),
            ("Trainer.Train", "failed", 0.001, 0.0001, 5)));
        First = Sample.Build();
        JsonWriteTimeAfterFirst = File.Exists(Sample.ReportJson) ? File.GetLastWriteTimeUtc(Sample.ReportJson) : default;
        // Read now: the budget test's over-budget builds remove the json.
        JsonAfterFirst = File.Exists(Sample.ReportJson) ? File.ReadAllText(Sample.ReportJson) : "";
        MarkdownAfterFirst = File.Exists(Sample.ReportMarkdown) ? File.ReadAllText(Sample.ReportMarkdown) : "";
        Second = Sample.Build();
        JsonWriteTimeAfterSecond = File.Exists(Sample.ReportJson) ? File.GetLastWriteTimeUtc(Sample.ReportJson) : default;
    }

    public SampleProject Sample { get; }
    public BuildOutcome First { get; }
    public BuildOutcome Second { get; }
    public DateTime JsonWriteTimeAfterFirst { get; }
    public string JsonAfterFirst { get; }
    public string MarkdownAfterFirst { get; }
    public DateTime JsonWriteTimeAfterSecond { get; }

    /// <summary>A CarbonAttrs-format ledger with the columns the report reads (columns are found by name).</summary>
    public static string Ledger(params (string Method, string Status, double EnergyKwh, double EmissionsKg, double Seconds)[] rows)
    {
        var lines = new List<string> { "timestamp,project_name,run_id,duration,emissions,energy_consumed,cpu_energy,gpu_energy,ram_energy,method,status,calls" };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows.Count(); i++)
        {
            var (method, status, kwh, kg, seconds) = rows[i];
            lines.Add(string.Join(",",
                start.AddHours(i).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), "footprint-test", Guid.NewGuid().ToString(),
                N(seconds), N(kg), N(kwh), "0", N(kwh), "0", method, status, "1"));
        }
        return string.Join("\n", lines) + "\n";

        static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    public void Dispose() => Sample.Dispose();
}
