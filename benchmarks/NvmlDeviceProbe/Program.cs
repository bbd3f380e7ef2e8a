// NVML device check: benchmarks/nvml-device-check.sh runs this on a machine with an NVIDIA GPU.
// Usage: NvmlDeviceProbe [seconds=30] [mode=machine|process]
//
// 1. starts nvidia-smi sampling power every 100 ms (power.draw.instant where the driver has it);
// 2. opens a CarbonAttrs window, keeps GPU 0 busy for the given time through the CUDA driver API, closes it;
// 3. integrates nvidia-smi's readings (trapezoid) over the same interval and prints both figures.
using System.Diagnostics;
using System.Globalization;
using CarbonAttrs;
using NvmlDeviceProbe;

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var mode = args.Length > 1 && args[1] == "process" ? TrackingMode.Process : TrackingMode.Machine;
var output = Environment.GetEnvironmentVariable("OUT") ?? Path.GetTempPath();

if (!NvidiaSmiSupports("power.draw"))
{
    Console.Error.WriteLine("nvidia-smi is missing or reports no power: this check needs an NVIDIA GPU and driver.");
    return 3;
}
var field = NvidiaSmiSupports("power.draw.instant") ? "power.draw.instant" : "power.draw";
var readings = new List<(long Timestamp, int Gpu, double Watts)>();
using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", $"--query-gpu=index,{field} --format=csv,noheader,nounits -lms 100")
{
    RedirectStandardOutput = true,
    UseShellExecute = false,
})!;
smi.OutputDataReceived += (_, e) =>
{
    var parts = e.Data?.Split(',');
    if (parts is { Length: 2 } && int.TryParse(parts[0].Trim(), out var gpu)
        && double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var watts))
        lock (readings) readings.Add((Stopwatch.GetTimestamp(), gpu, watts));
};
smi.BeginOutputReadLine();

CarbonTracker.Configure(o =>
{
    o.TrackingMode = mode;
    o.OutputDirectory = output;
    o.CountryIsoCode = "USA";
});
Thread.Sleep(2000); // nvidia-smi and the sampler running before the window opens

long start, end;
int launches;
CarbonMeasurement measurement;
using (var window = CarbonTracker.Track("nvml-device-check"))
{
    start = Stopwatch.GetTimestamp();
    launches = CudaDriver.Burn(TimeSpan.FromSeconds(seconds));
    end = Stopwatch.GetTimestamp();
    window.Dispose();
    measurement = window.Measurement!;
}
Thread.Sleep(500);
smi.Kill();
CarbonTracker.Flush();

var smiJoules = 0.0;
var gpus = 0;
lock (readings)
{
    foreach (var group in readings.GroupBy(r => r.Gpu))
    {
        gpus++;
        var series = group.OrderBy(r => r.Timestamp).ToList();
        for (var i = 1; i < series.Count; i++)
        {
            // Trapezoid over the part of each reading interval that lies inside the window.
            var a = Math.Max(series[i - 1].Timestamp, start);
            var b = Math.Min(series[i].Timestamp, end);
            if (b > a)
                smiJoules += (series[i - 1].Watts + series[i].Watts) / 2 * (b - a) / Stopwatch.Frequency;
        }
    }
}

var duration = (end - start) / (double)Stopwatch.Frequency;
var difference = smiJoules > 0 ? (measurement.GpuJoules - smiJoules) / smiJoules : double.NaN;
Console.WriteLine($"tracking mode {mode}; ledger {CarbonTracker.LedgerPath}");
Console.WriteLine($"window {duration:0.00} s, {launches} kernel launches, {gpus} GPU(s) sampled by nvidia-smi ({field}, {readings.Count} readings)");
Console.WriteLine($"| CarbonAttrs GPU energy | source | nvidia-smi integral | difference | mean power (CarbonAttrs / nvidia-smi) |");
Console.WriteLine($"|---|---|---|---|---|");
Console.WriteLine($"| {measurement.GpuJoules:0.0} J | {measurement.GpuSource} | {smiJoules:0.0} J | {difference:+0.0%;-0.0%} | {measurement.GpuJoules / duration:0.0} W / {smiJoules / duration:0.0} W |");
return double.IsNaN(difference) ? 2 : 0;

static bool NvidiaSmiSupports(string field)
{
    try
    {
        using var probe = Process.Start(new ProcessStartInfo("nvidia-smi", $"--query-gpu={field} --format=csv,noheader,nounits")
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var text = probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        return probe.ExitCode == 0 && double.TryParse(text.Split('\n')[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return false;
    }
}
