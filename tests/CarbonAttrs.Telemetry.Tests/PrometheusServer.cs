using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CarbonAttrs.Telemetry.Tests;

/// <summary>
/// A real Prometheus server on 127.0.0.1 with a temporary configuration and storage, scraping one target
/// every second, queried through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public static string? FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "prometheus");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts Prometheus scraping <c>127.0.0.1:targetPort/metrics</c> every second, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(int targetPort, string directory)
    {
        var port = FreePort();
        var config = Path.Combine(directory, "prometheus.yml");
        // The scrape configuration docs/telemetry.md shows, with a 1 s interval so the test is quick.
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: trainer
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """);
        var start = new ProcessStartInfo(FindBinary()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--config.file=" + config);
        start.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var log = new System.Text.StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                break;
            try
            {
                using var ready = await server._http.GetAsync(new Uri(server.Address, "-/ready"));
                if (ready.IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        server.Dispose();
        lock (log)
            throw new InvalidOperationException("Prometheus did not become ready within 60 s:\n" + log);
    }

    /// <summary>An instant query; each series as its labels and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var uri = new Uri(Address, "api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var response = await _http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"query {promql} failed: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var series = new List<(Dictionary<string, string>, double)>();
        foreach (var item in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            series.Add((labels, value));
        }
        return series;
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _http.Dispose();
    }
}
