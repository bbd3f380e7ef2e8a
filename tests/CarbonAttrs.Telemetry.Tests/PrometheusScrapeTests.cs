using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Telemetry.Tests;

/// <summary>
/// The <c>CarbonAttrs</c> meter seen through a real Prometheus: a program exports it with OpenTelemetry's
/// Prometheus exporter while it makes tracked calls, Prometheus scrapes it, and what Prometheus answers
/// equals the ledger the same program wrote. The shipped Grafana dashboard's queries run against it too.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private const double Pue = 1.25;
    private const double IntensityGramsPerKwh = 300;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "carbonattrs-prometheus", Guid.NewGuid().ToString("N"));

    public PrometheusScrapeTests() => Directory.CreateDirectory(_directory);

    [PrometheusFact]
    public async Task PrometheusTotalsEqualTheLedgerPerMethodAndComponentAndTheDashboardQueriesAnswer()
    {
        var workerPort = PrometheusServer.FreePort();
        var ready = Path.Combine(_directory, "ready");
        var stop = Path.Combine(_directory, "stop");
        using var worker = StartWorker(workerPort, ready, stop);
        using var prometheus = await PrometheusServer.StartAsync(workerPort, _directory);
        try
        {
            await WaitFor(() => File.Exists(ready) || worker.HasExited, TimeSpan.FromSeconds(90), "the worker to finish its tracked calls");
            Assert.False(worker.HasExited, "the worker exited early with code " + (worker.HasExited ? worker.ExitCode : 0));

            var ledger = ReadLedger(Path.Combine(_directory, "emissions.csv"));
            var expectedEnergy = ExpectedJoulesByMethodAndComponent(ledger);
            var expectedKg = ledger.GroupBy(r => r["method"]).ToDictionary(g => g.Key, g => g.Sum(r => Number(r["emissions"])));
            Assert.Equal(new[] { "Trainer.Diverge", "Trainer.Score", "Trainer.Train" }, expectedKg.Keys.Order().Select(Short));

            // Scrapes every second: wait until Prometheus holds the final values.
            const string energyQuery = "sum by (carbonattrs_method, carbonattrs_component) (carbonattrs_energy_joules_total)";
            List<(Dictionary<string, string> Labels, double Value)> energy = [];
            await WaitForAsync(async () =>
            {
                energy = await prometheus.QueryAsync(energyQuery);
                return energy.Count == expectedEnergy.Count
                    && energy.All(s => expectedEnergy.TryGetValue((s.Labels["carbonattrs_method"], s.Labels["carbonattrs_component"]), out var j) && Close(j, s.Value));
            }, TimeSpan.FromSeconds(30), () => $"{energyQuery} to equal the ledger: Prometheus {Describe(energy)}, ledger {string.Join(", ", expectedEnergy.Select(e => $"{e.Key}={e.Value}"))}");

            var emissions = await prometheus.QueryAsync("sum by (carbonattrs_method) (carbonattrs_emissions_kg_total)");
            Assert.Equal(expectedKg.Count, emissions.Count);
            foreach (var (labels, value) in emissions)
                Assert.True(Close(expectedKg[labels["carbonattrs_method"]], value), $"{labels["carbonattrs_method"]}: Prometheus {value} kg, ledger {expectedKg[labels["carbonattrs_method"]]} kg");

            // Every series carries the labels dashboards group by (rank too, on multi-rank jobs: Prometheus drops the
            // empty rank label of a single process, and the dashboard's `=~".*"` still matches it).
            var raw = await prometheus.QueryAsync("carbonattrs_energy_joules_total");
            Assert.All(raw, s =>
            {
                foreach (var label in new[] { "carbonattrs_method", "carbonattrs_component", "carbonattrs_energy_source", "carbonattrs_status", "host_name" })
                    Assert.True(s.Labels.ContainsKey(label), $"series {Describe([s])} lacks {label}");
            });
            Assert.Contains(raw, s => s.Labels["carbonattrs_status"] == "failed" && Short(s.Labels["carbonattrs_method"]) == "Trainer.Diverge");

            await CheckDashboardQueries(prometheus, expectedKg.Values.Sum());
        }
        finally
        {
            File.WriteAllText(stop, "");
            if (!worker.WaitForExit(30_000))
                worker.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Each panel query of the shipped dashboard answers with data; the total-emissions stat equals the ledger.</summary>
    private static async Task CheckDashboardQueries(PrometheusServer prometheus, double ledgerKg)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "grafana", "carbonattrs-dashboard.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                var promql = expr.Replace("$__rate_interval", "1m").Replace("$__range", "1h")
                    .Replace("$host", ".*").Replace("$rank", ".*").Replace("$job", ".*");
                // rate() needs two scrapes of the final values: give Prometheus a few more seconds.
                List<(Dictionary<string, string> Labels, double Value)> result = [];
                await WaitForAsync(async () => (result = await prometheus.QueryAsync(promql)).Count > 0,
                    TimeSpan.FromSeconds(20), () => $"dashboard panel '{title}' to answer: {promql}");
                if (title == "Emissions (g CO2eq)")
                    Assert.True(Close(ledgerKg * 1000, result.Single().Value), $"panel '{title}': {result.Single().Value} g, ledger {ledgerKg * 1000} g");
            }
        }
    }

    private static Dictionary<(string Method, string Component), double> ExpectedJoulesByMethodAndComponent(List<Dictionary<string, string>> ledger)
    {
        // The counter is the components' energy before PUE; the ledger's *_energy columns include PUE (kWh).
        var expected = new Dictionary<(string, string), double>();
        foreach (var row in ledger)
            foreach (var component in new[] { "cpu", "gpu", "ram" })
            {
                if (row[component + "_energy_source"] is "" or "none")
                    continue;
                var key = (row["method"], component);
                expected[key] = expected.GetValueOrDefault(key) + Number(row[component + "_energy"]) * 3.6e6 / Number(row["pue"]);
            }
        return expected;
    }

    private Process StartWorker(int port, string ready, string stop)
    {
        var assembly = typeof(PrometheusWorker).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = _directory };
        foreach (var arg in new[] { "exec", assembly, "prometheus-worker", port.ToString(CultureInfo.InvariantCulture), ready, stop })
            start.ArgumentList.Add(arg);
        start.Environment["CARBONATTRS_OUTPUT_DIR"] = _directory;
        start.Environment["CARBONATTRS_PUE"] = Pue.ToString(CultureInfo.InvariantCulture);
        start.Environment["CARBONATTRS_INTENSITY_G_PER_KWH"] = IntensityGramsPerKwh.ToString(CultureInfo.InvariantCulture);
        start.Environment["CARBONATTRS_DISABLED"] = null;
        return Process.Start(start)!;
    }

    private static List<Dictionary<string, string>> ReadLedger(string path)
    {
        using var reader = new StreamReader(path);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields;
        return records.Skip(1).Select(r => header.Zip(r.Fields).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double Number(string text) => text.Length == 0 ? 0 : double.Parse(text, CultureInfo.InvariantCulture);

    private static bool Close(double expected, double actual) => Math.Abs(expected - actual) <= 1e-9 * Math.Max(Math.Abs(expected), 1e-12) + 1e-15;

    private static string Short(string method) => method.Contains('.') ? string.Join('.', method.Split('.')[^2..]) : method;

    private static string Describe(IEnumerable<(Dictionary<string, string> Labels, double Value)> series)
        => string.Join("; ", series.Select(s => "{" + string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")) + "} " + s.Value.ToString("R", CultureInfo.InvariantCulture)));

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout, string what)
        => await WaitForAsync(() => Task.FromResult(condition()), timeout, () => what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting for {what()}");
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
