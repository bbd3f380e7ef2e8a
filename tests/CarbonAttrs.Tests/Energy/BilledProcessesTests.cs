using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Estimates;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// The seam <c>carbonattrs run</c> uses: a runtime whose process-mode figures follow another set of processes
/// (<see cref="IBilledProcesses"/>) instead of this one.
/// </summary>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class BilledProcessesTests : IDisposable
{
    public BilledProcessesTests()
    {
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (_, _) => { };
    }

    public void Dispose() => TrackerLog.Sink = null;

    /// <summary>A process set whose CPU time and memory the test sets.</summary>
    internal sealed class FakeProcesses : IBilledProcesses
    {
        public double Seconds;
        public double Gigabytes;
        public HashSet<uint> Ids = new();
        public double CpuSeconds() => Seconds;
        public double ResidentGb() => Gigabytes;
        public bool Includes(uint processId) => Ids.Contains(processId);
    }

    private static CarbonAttrsOptions Options(string outputDirectory, TrackingMode mode = TrackingMode.Process) => new()
    {
        PowercapRoot = Path.Combine(Path.GetTempPath(), "no-powercap-" + Guid.NewGuid().ToString("N")),
        NvmlLibrary = "/nonexistent/libnvidia-ml-for-billing-tests.so",
        TrackingMode = mode,
        OutputDirectory = outputDirectory,
    };

    [Fact]
    public void Process_mode_estimates_bill_the_given_processes_cpu_time_and_memory()
    {
        var billed = new FakeProcesses { Seconds = 100, Gigabytes = 2 };
        var sources = EnergySourceFactory.Create(Options("."), new HardwareInfo { CpuModel = "Imaginary CPU 9000", LogicalCpuCount = 4 }, "/proc", _ => null, billed);
        var cpu = Assert.IsType<CpuTimeEstimateSource>(sources.Single(s => s.Component == EnergyComponent.Cpu));
        var ram = Assert.IsType<RamSizeEstimateSource>(sources.Single(s => s.Component == EnergyComponent.Ram));
        ram.TryReadTotalJoules(out _);

        billed.Seconds = 103.5;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Thread.Sleep(50);
        Assert.True(cpu.TryReadTotalJoules(out var cpuJoules));
        Assert.True(ram.TryReadTotalJoules(out var ramJoules));
        var elapsed = clock.Elapsed.TotalSeconds;

        Assert.Equal(3.5 * CpuTimeEstimateSource.DefaultWattsPerThread, cpuJoules, 9); // CPU seconds since the source opened
        Assert.InRange(ramJoules, 2 * RamSizeEstimateSource.WattsPerGb * 0.05, 2 * RamSizeEstimateSource.WattsPerGb * (elapsed + 0.5));
    }

    [Fact]
    public void A_runtime_started_for_other_processes_samples_their_cpu_time_and_writes_through_its_own_ledger()
    {
        var folder = Path.Combine(Path.GetTempPath(), "carbonattrs-billing-" + Guid.NewGuid().ToString("N"));
        var billed = new FakeProcesses { Seconds = 7 };
        using (var runtime = TrackerRuntime.StartFor(Options(folder), billed))
        {
            var start = runtime.Sampler!.SampleNow();
            billed.Seconds = 9;
            var end = runtime.Sampler.SampleNow();
            var energy = start.Total.Until(end.Total);

            Assert.Equal(2, energy.ProcessCpuSeconds, 9);
            Assert.Equal(2 * CpuTimeEstimateSource.DefaultWattsPerThread, energy.CpuJoules, 9);
            Assert.NotSame(runtime, TrackerRuntime.CurrentOrNull()); // the process-wide runtime is left alone
            runtime.Complete(runtime.Build(Guid.NewGuid(), null, "outside", null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1),
                WindowStatus.Ok, 1, energy, interpolated: false, null, null));
        }
        try
        {
            var lines = File.ReadAllLines(Path.Combine(folder, "emissions.csv"));
            Assert.Equal(2, lines.Length);
            Assert.Contains(",outside,", lines[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("not-a-guid", null)]
    [InlineData("5f0c7a52-86b3-4f55-9a43-1f1e0c6f2f11", "5f0c7a52-86b3-4f55-9a43-1f1e0c6f2f11")]
    public void The_outer_run_comes_from_the_environment(string? value, string? expected)
    {
        var context = RunContext.Detect(new CarbonAttrsOptions(), name => name == RunContext.ParentRunIdVariable ? value : null);

        Assert.Equal(expected is null ? null : Guid.Parse(expected), context.ParentRunId);
    }
}
