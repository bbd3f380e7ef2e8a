// Energy sampler cost harness. Usage: dotnet run -c Release --project benchmarks/EnergySamplerCost [seconds-per-phase] [rounds]
//
// The process does nothing but sleep, so its CPU time is the tracker's background work. Each round runs
// a baseline phase (tracking disabled: no sampler thread) and then one phase per scenario (the runtime
// started with CarbonTracker.Configure, no window open: only the sampler thread works), all in the same
// process, after one uncounted warm-up round. Cost = median over rounds of (CPU seconds in the scenario) / wall
// seconds, minus the same for the baseline.
using System.Diagnostics;
using System.Globalization;
using CarbonAttrs;

var phaseSeconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var output = Path.Combine(Path.GetTempPath(), "carbonattrs-sampler-cost");
var powercap = BuildPowercapTree();

var scenarios = new (string Name, Action<CarbonAttrsOptions> Configure)[]
{
    ("estimates only (no RAPL, no NVML), process mode, default period", o => { o.PowercapRoot = "/nonexistent"; }),
    ("RAPL 2 packages + 2 dram, process mode, default period", o => { o.PowercapRoot = powercap; }),
    ("RAPL 2 packages + 2 dram, machine mode, default period", o => { o.PowercapRoot = powercap; o.TrackingMode = TrackingMode.Machine; }),
    ("RAPL 2 packages + 2 dram, process mode, 100 ms period", o => { o.PowercapRoot = powercap; o.SampleInterval = TimeSpan.FromMilliseconds(100); }),
    ("RAPL 2 packages + 2 dram, process mode, 10 ms period", o => { o.PowercapRoot = powercap; o.SampleInterval = TimeSpan.FromMilliseconds(10); }),
};

var baseline = new List<double>();
var costs = scenarios.Select(_ => new List<double>()).ToArray();
for (var round = -1; round < rounds; round++) // round -1 warms up (JIT tiering, tables) and is not counted
{
    CarbonTracker.Configure(o => o.Disabled = true);
    var idlePhase = CpuSecondsPerWallSecond(phaseSeconds);
    if (round >= 0) baseline.Add(idlePhase);
    for (var i = 0; i < scenarios.Length; i++)
    {
        var scenario = scenarios[i];
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = output;
            o.NvmlLibrary = "/nonexistent/libnvidia-ml.so.1";
            scenario.Configure(o);
        });
        Thread.Sleep(500); // let the runtime start and the JIT settle before measuring
        var phase = CpuSecondsPerWallSecond(phaseSeconds);
        if (round >= 0) costs[i].Add(phase);
    }
}
CarbonTracker.Configure(o => o.Disabled = true);

var idle = Median(baseline);
Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, {rounds} rounds of {phaseSeconds} s per phase, .NET {Environment.Version}");
Console.WriteLine($"baseline (tracking disabled): {idle * 1000:0.000} ms CPU per s");
Console.WriteLine("| scenario | sampler CPU per second of wall time (median) | min – max over rounds | share of one core |");
Console.WriteLine("|---|---|---|---|");
for (var i = 0; i < scenarios.Length; i++)
{
    var cost = Median(costs[i]) - idle;
    Console.WriteLine($"| {scenarios[i].Name} | {cost * 1000:0.00} ms | {(costs[i].Min() - idle) * 1000:0.00} – {(costs[i].Max() - idle) * 1000:0.00} ms | {cost * 100:0.000} % |");
}
Directory.Delete(powercap, recursive: true);

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double CpuSecondsPerWallSecond(double seconds)
{
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    Thread.Sleep(TimeSpan.FromSeconds(seconds));
    process.Refresh();
    return (process.TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds;
}

// A two-socket powercap tree with static counters: the reads cost what sysfs reads cost.
static string BuildPowercapTree()
{
    var root = Path.Combine(Path.GetTempPath(), "carbonattrs-sampler-cost-powercap-" + Environment.ProcessId);
    foreach (var (id, name) in new[] { ("intel-rapl:0", "package-0"), ("intel-rapl:0:0", "dram"), ("intel-rapl:1", "package-1"), ("intel-rapl:1:0", "dram") })
    {
        var zone = Path.Combine(root, id);
        Directory.CreateDirectory(zone);
        File.WriteAllText(Path.Combine(zone, "name"), name + "\n");
        File.WriteAllText(Path.Combine(zone, "energy_uj"), "123456789\n");
        File.WriteAllText(Path.Combine(zone, "max_energy_range_uj"), "262143328850\n");
    }
    return root;
}
