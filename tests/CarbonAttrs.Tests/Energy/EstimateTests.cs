using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Estimates;

namespace CarbonAttrs.Tests.Energy;

public sealed class EstimateTests
{
    [Theory]
    [InlineData("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 150)]
    [InlineData("AMD EPYC 7763 64-Core Processor", 280)]
    [InlineData("AMD Ryzen 9 5950X 16-Core Processor", 105)]
    public void Cpuinfo_model_names_find_their_tdp(string cpuinfoModel, double expectedWatts)
    {
        Assert.True(CpuTdpTable.TryFind(cpuinfoModel, out var tdp, out var matched), $"no match for {cpuinfoModel}");
        Assert.Equal(expectedWatts, tdp);
        Assert.NotEmpty(matched);
    }

    [Theory]
    [InlineData("Intel(R) Xeon(R) Processor")]      // a VM that hides the model
    [InlineData("Imaginary CPU 9000")]
    [InlineData("")]
    public void Unknown_models_have_no_tdp(string cpuinfoModel)
    {
        Assert.False(CpuTdpTable.TryFind(cpuinfoModel, out _, out _));
    }

    [Fact]
    public void The_shipped_table_is_the_derived_one()
    {
        Assert.True(CpuTdpTable.Count > 4000, $"only {CpuTdpTable.Count} models loaded");
    }

    [Fact]
    public void Proc_stat_busy_time_is_user_nice_system_irq_softirq_steal()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
        var seconds = MachineCpuTime.ParseBusySeconds("cpu  1000 200 300 999999 555 40 50 10 77 0");
        Assert.Equal((1000 + 200 + 300 + 40 + 50 + 10) / 100.0, seconds);
        Assert.Null(MachineCpuTime.ParseBusySeconds("intr 1 2 3"));
    }

    [Fact]
    public void Machine_mode_estimate_reads_proc_stat_and_uses_tdp_per_thread()
    {
        var proc = Path.Combine(Path.GetTempPath(), "carbonattrs-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(proc);
        try
        {
            File.WriteAllText(Path.Combine(proc, "cpuinfo"), "processor\t: 0\nphysical id\t: 0\nprocessor\t: 1\nphysical id\t: 1\n");
            var stat = Path.Combine(proc, "stat");
            File.WriteAllText(stat, "cpu  1000 0 0 5000 0 0 0 0 0 0\n");
            var hardware = new HardwareInfo { CpuModel = "AMD EPYC 7763 64-Core Processor", LogicalCpuCount = 256 };

            var source = EnergySourceFactory.CpuEstimate(hardware, machine: true, proc, stat);
            Assert.Equal("estimated:tdp", source.Source);
            Assert.Equal(280.0 * 2 / 256, source.WattsPerThread, 9); // two sockets' TDP over 256 threads

            File.WriteAllText(stat, "cpu  1400 0 100 5000 0 0 0 0 0 0\n"); // 5 busy CPU seconds later
            Assert.True(source.TryReadTotalJoules(out var joules));
            Assert.Equal(5 * 280.0 * 2 / 256, joules, 9);
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }

    [Fact]
    public void Ram_estimate_is_gigabytes_times_0_375_watts_integrated_over_time()
    {
        var gigabytes = 8.0;
        var clock = new Queue<double>(new[] { 10.0, 12.0, 13.0 });
        var source = new RamSizeEstimateSource(() => gigabytes, seconds: () => clock.Dequeue());
        Assert.True(source.TryReadTotalJoules(out var joules));
        Assert.Equal(8 * 0.375 * 2, joules, 12); // 8 GiB for 2 s: 6 J
        gigabytes = 4;
        Assert.True(source.TryReadTotalJoules(out joules));
        Assert.Equal(6 + 4 * 0.375 * 1, joules, 12); // then 4 GiB for 1 s: 1.5 J more
    }

    [Fact]
    public void Process_mode_cpu_estimate_is_this_processs_cpu_seconds_times_10_watts_for_an_unknown_model()
    {
        var hardware = new HardwareInfo { CpuModel = "Imaginary CPU 9000", LogicalCpuCount = 8 };
        var beforeStart = ProcessCpuSeconds();
        var source = EnergySourceFactory.CpuEstimate(hardware, machine: false, "/nonexistent-proc", "/nonexistent-proc/stat");
        var afterStart = ProcessCpuSeconds();
        var x = 0.0;
        for (var until = DateTime.UtcNow.AddMilliseconds(300); DateTime.UtcNow < until;)
            x += Math.Sqrt(x + 1);
        var beforeRead = ProcessCpuSeconds();
        Assert.True(source.TryReadTotalJoules(out var joules));
        var afterRead = ProcessCpuSeconds();

        Assert.Equal("estimated:cpu-time", source.Source);
        Assert.Equal(CpuTimeEstimateSource.DefaultWattsPerThread, source.WattsPerThread);
        // Sandwiched by the process's own CPU time read around it: no timing assumption.
        Assert.InRange(joules, (beforeRead - afterStart) * 10, (afterRead - beforeStart) * 10);
        Assert.True(beforeRead > afterStart, $"the loop used no CPU time ({x})");
    }

    private static double ProcessCpuSeconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    [Fact]
    public void Process_attribution_scales_each_increase_by_the_share_of_that_interval()
    {
        var inner = new ScriptedSource(0, 100, 300, 300, 700);
        var shares = new Queue<double>(new[] { 0.0, 0.5, 0.25, 1.0, 2.0 }); // 2.0 is clamped to 1
        var attributed = new AttributedEnergySource(inner, () => shares.Dequeue());
        var totals = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            attributed.TryReadTotalJoules(out var j);
            totals.Add(j);
        }
        Assert.Equal(new[] { 0.0, 50, 100, 100, 500 }, totals);
    }

    [Fact]
    public void Cpu_time_share_is_process_time_over_machine_busy_time()
    {
        var process = new Queue<double>(new[] { 10.0, 12.0, 13.0, 33.0 });
        var machine = new Queue<double?>(new double?[] { 100.0, 108.0, null, null });
        var wall = new Queue<double>(new[] { 0.0, 1.0, 3.0, 4.0 });
        var share = new CpuTimeShare(() => process.Dequeue(), () => machine.Dequeue(), logicalCpus: 4, () => wall.Dequeue());
        Assert.Equal(0.25, share.NextShare()); // 2 CPU-s of the machine's 8 busy CPU-s
        // Without /proc/stat the share is of the capacity: 1 CPU-s over 2 s × 4 CPUs.
        Assert.Equal(0.125, share.NextShare());
        // More CPU time than the capacity (a counter glitch) is capped at the whole machine: 20 CPU-s in 1 s × 4 CPUs.
        Assert.Equal(1.0, share.NextShare());
    }

    private sealed class ScriptedSource : IEnergySource
    {
        private readonly Queue<double> _values;
        public ScriptedSource(params double[] values) => _values = new Queue<double>(values);
        public EnergyComponent Component => EnergyComponent.Cpu;
        public string Source => "measured:test";
        public TimeSpan? MaxSamplePeriod => null;
        public bool TryReadTotalJoules(out double joules)
        {
            joules = _values.Dequeue();
            return true;
        }
        public void Dispose() { }
    }
}
