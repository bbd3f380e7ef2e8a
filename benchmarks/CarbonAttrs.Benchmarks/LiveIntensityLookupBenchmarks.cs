using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using BenchmarkDotNet.Attributes;
using CarbonAttrs.Carbon;
using CarbonAttrs.Carbon.Live;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// What a live intensity provider adds to each row on the closing thread once its value is known: the look-up of the
/// fetch that decides the row (the request itself runs on the thread pool). Answers come from an in-memory handler.
/// </summary>
public class LiveIntensityLookupBenchmarks
{
    private ElectricityMapsProvider _electricityMaps = null!;
    private CarbonAwareSdkProvider _carbonAware = null!;
    private DateTimeOffset _start, _end;

    [GlobalSetup]
    public void Setup()
    {
        var table = CarbonIntensityResolver.Resolve(new CarbonAttrsOptions { CountryIsoCode = "FRA" }, zone: null);
        _electricityMaps = new ElectricityMapsProvider(new CarbonAttrsOptions { ElectricityMapsToken = "t", CountryIsoCode = "FRA" }, table, handler: new Canned(
            """{"zone":"FR","carbonIntensity":42,"datetime":"2026-12-07T02:00:00.000Z"}"""));
        _carbonAware = new CarbonAwareSdkProvider(new CarbonAttrsOptions { CarbonAwareUrl = "http://localhost:1", CarbonAwareLocation = "westeurope" }, table, handler: new Canned(
            """{"location":"westeurope","carbonIntensity":42}"""));
        _end = DateTimeOffset.UtcNow;
        _start = _end.AddMilliseconds(-1);
        // Fetch once, as the first rows would, so the benchmark measures the steady state.
        _electricityMaps.For(_start, _end).Resolve();
        _carbonAware.For(_start, _end).Resolve();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _electricityMaps.Dispose();
        _carbonAware.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Stopwatch.GetTimestamp()")]
    public long OneTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "electricitymaps: row look-up, value cached")]
    public CarbonIntensity? ElectricityMaps() => _electricityMaps.For(_start, _end).OutcomeIfDone;

    [Benchmark(Description = "carbon-aware-sdk: row look-up, window already fetched")]
    public CarbonIntensity? CarbonAware() => _carbonAware.For(_start, _end).OutcomeIfDone;

    private sealed class Canned(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
