using System.Diagnostics;
using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Nvml;

namespace CarbonAttrs.Tests.Energy;

/// <summary>The real NVML P/Invoke layer against a fake libnvidia-ml.so compiled by the test.</summary>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class NvmlTests : IDisposable
{
    private readonly List<string> _messages = new();
    private readonly List<NvmlGpuEnergySource> _opened = new();

    public NvmlTests()
    {
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (_messages) _messages.Add(level + ": " + message); };
        if (FakeNvmlLibrary.SkipReason is null)
            FakeNvmlLibrary.Reset();
    }

    public void Dispose()
    {
        foreach (var source in _opened)
            source.Dispose();
        TrackerLog.Sink = null;
    }

    private IReadOnlyList<NvmlGpuEnergySource> Open(string? cudaVisibleDevices, TrackingMode mode = TrackingMode.Machine, HardwareInfo? hardware = null,
        IBilledProcesses? billed = null)
    {
        var bound = NvmlLibrary.BoundTo;
        Assert.True(bound is null || bound == FakeNvmlLibrary.Path, $"NVML is already bound to {bound} in this test process");
        var options = new CarbonAttrsOptions { NvmlLibrary = FakeNvmlLibrary.Path, TrackingMode = mode };
        var sources = NvmlProbe.Open(options, hardware ?? new HardwareInfo(), name => name == "CUDA_VISIBLE_DEVICES" ? cudaVisibleDevices : null,
            billed ?? CurrentProcessBilling.Instance);
        _opened.AddRange(sources);
        return sources;
    }

    [FakeNvmlFact]
    public void Enumerates_devices_with_name_uuid_and_architecture_and_fills_the_hardware_facts()
    {
        var hardware = new HardwareInfo();
        var sources = Open(null, hardware: hardware);

        Assert.Equal(2, sources.Count);
        Assert.Equal("Fake Tesla V100-SXM2-16GB", sources[0].Device.Name);
        Assert.Equal(FakeNvmlLibrary.VoltaUuid, sources[0].Device.Uuid);
        Assert.Equal(NvmlArchitecture.Volta, sources[0].Device.Architecture);
        Assert.Equal(NvmlArchitecture.Pascal, sources[1].Device.Architecture);
        Assert.Equal(2, hardware.GpuCount);
        Assert.Equal("1 x Fake Tesla V100-SXM2-16GB, 1 x Fake Tesla P100-PCIE-16GB", hardware.GpuModel);
    }

    [FakeNvmlFact]
    public void Volta_uses_energy_counter_deltas_and_pascal_integrates_power()
    {
        FakeNvmlLibrary.SetEnergyMillijoules(0, 1_000_000);
        var sources = Open(null);
        var volta = sources[0];
        var pascal = sources[1];
        Assert.True(volta.UsesEnergyCounter);
        Assert.Equal("measured:nvml", volta.Source);
        Assert.Null(volta.MaxSamplePeriod);
        Assert.False(pascal.UsesEnergyCounter);
        Assert.Equal("measured:nvml-power", pascal.Source);
        Assert.Equal(NvmlGpuEnergySource.PowerIntegrationPeriod, pascal.MaxSamplePeriod);

        FakeNvmlLibrary.SetEnergyMillijoules(0, 1_250_500);
        Assert.True(volta.TryReadTotalJoules(out var voltaJoules));
        Assert.Equal(250.5, voltaJoules, 9); // the counter's value before opening is not this process's

        // Power only: trapezoid between reads. Bracket the elapsed time from outside the reads.
        FakeNvmlLibrary.SetPowerMilliwatts(1, 100_000);
        var beforeFirst = Stopwatch.GetTimestamp();
        Assert.True(pascal.TryReadTotalJoules(out var first));
        var afterFirst = Stopwatch.GetTimestamp();
        Thread.Sleep(100);
        FakeNvmlLibrary.SetPowerMilliwatts(1, 300_000);
        var beforeSecond = Stopwatch.GetTimestamp();
        Assert.True(pascal.TryReadTotalJoules(out var second));
        var afterSecond = Stopwatch.GetTimestamp();
        var added = second - first;
        // (100 W + 300 W) / 2 = 200 W over the interval between the two reads, whose instants lie somewhere
        // inside the timestamps taken around each read (a preempted thread widens the bracket, never escapes it).
        Assert.InRange(added, 200 * Seconds(afterFirst, beforeSecond), 200 * Seconds(beforeFirst, afterSecond) + 1e-9);
        Assert.True(added > 0, "a GPU that drew power never reads 0");
    }

    [FakeNvmlFact]
    public void A_volta_whose_counter_is_not_supported_falls_back_to_power_and_says_why()
    {
        FakeNvmlLibrary.SetEnergyResult(0, 3);
        var sources = Open("0");
        var source = Assert.Single(sources);
        Assert.False(source.UsesEnergyCounter);
        Assert.Contains(_messages, m => m.StartsWith("Debug: ", StringComparison.Ordinal)
            && m.Contains("nvmlDeviceGetTotalEnergyConsumption failed (Not Supported (3))"));
    }

    [FakeNvmlFact]
    public void A_gpu_with_neither_energy_nor_power_is_left_out_with_a_warning_not_counted_as_zero()
    {
        FakeNvmlLibrary.SetCount(3);
        var hardware = new HardwareInfo();
        var sources = Open(null, hardware: hardware);
        Assert.Equal(2, sources.Count);
        Assert.Equal(3, hardware.GpuCount);
        Assert.Contains(_messages, m => m.StartsWith("Warning: ", StringComparison.Ordinal)
            && m.Contains("Fake GRID K520") && m.Contains("Not Supported (3)"));
    }

    [FakeNvmlFact]
    public void Driver_not_loaded_is_a_debug_message_and_no_gpu()
    {
        FakeNvmlLibrary.SetInitResult(9);
        var hardware = new HardwareInfo();
        Assert.Empty(Open(null, hardware: hardware));
        Assert.Equal(0, hardware.GpuCount);
        var message = Assert.Single(_messages);
        Assert.Equal("Debug: nvmlInit_v2 failed: Driver Not Loaded (9); no GPU energy is measured.", message);
    }

    [FakeNvmlFact]
    public void A_missing_library_means_no_gpu_said_once_at_debug_level()
    {
        var options = new CarbonAttrsOptions { NvmlLibrary = "/nonexistent/libnvidia-ml.so.1" };
        Assert.Empty(NvmlProbe.Open(options, new HardwareInfo(), _ => null));
        Assert.Empty(NvmlProbe.Open(options, new HardwareInfo(), _ => null));
        var message = Assert.Single(_messages);
        Assert.StartsWith("Debug: NVML is not available", message);
        Assert.Contains("/nonexistent/libnvidia-ml.so.1", message);
    }

    [FakeNvmlFact]
    public void Error_codes_are_turned_into_nvml_text()
    {
        Open(null); // binds the fake library
        Assert.Equal("Insufficient Permissions (4)", NvmlException.Describe(4));
        Assert.Equal("nvmlDeviceGetHandleByIndex_v2 failed: Invalid Argument (2)",
            Assert.Throws<NvmlException>(() => NvmlException.Check(NvmlNative.DeviceGetHandleByIndex(7, out _), "nvmlDeviceGetHandleByIndex_v2")).Message);
    }

    [FakeNvmlTheory]
    [InlineData(null, new[] { 0u, 1u })]
    [InlineData("1", new[] { 1u })]
    [InlineData("1,0", new[] { 1u, 0u })]
    [InlineData("GPU-66666666", new[] { 1u })]
    [InlineData("GPU-11111111-2222-3333-4444-555555555555,1", new[] { 0u, 1u })]
    [InlineData("0,7,1", new[] { 0u })]           // CUDA stops at the first invalid entry
    [InlineData("GPU-", new uint[0])]             // ambiguous prefix matches nothing
    [InlineData("", new uint[0])]                 // empty hides every GPU
    [InlineData("-1", new uint[0])]
    public void Cuda_visible_devices_selects_by_index_or_uuid(string? value, uint[] expected)
    {
        var hardware = new HardwareInfo();
        var sources = Open(value, hardware: hardware);
        Assert.Equal(expected, sources.Select(s => s.Device.Index).ToArray());
        Assert.Equal(expected.Length, hardware.GpuCount);
    }

    [FakeNvmlFact]
    public void Process_mode_counts_only_devices_running_this_process()
    {
        var pid = (uint)Environment.ProcessId;
        FakeNvmlLibrary.SetProcesses(0, Enumerable.Range(1, 100).Select(i => (uint)i + 1_000_000).Append(pid).ToArray()); // 101 entries: the list must grow
        FakeNvmlLibrary.SetProcesses(1, 4242);
        var sources = Open(null, TrackingMode.Process);
        var volta = sources[0];
        var pascal = sources[1];
        Assert.True(volta.Device.IsRunning(pid));
        Assert.False(pascal.Device.IsRunning(pid));

        pascal.TryReadTotalJoules(out _);
        FakeNvmlLibrary.SetEnergyMillijoules(0, 5_000);
        Thread.Sleep(20);
        Assert.True(volta.TryReadTotalJoules(out var voltaJoules));
        Assert.True(pascal.TryReadTotalJoules(out var pascalJoules));
        Assert.Equal(5.0, voltaJoules, 9);
        Assert.Equal(0.0, pascalJoules); // another process's GPU: none of its energy is this process's

        FakeNvmlLibrary.SetProcesses(1, 4242, pid); // this process starts using the second GPU
        pascal.TryReadTotalJoules(out _);
        Thread.Sleep(20);
        Assert.True(pascal.TryReadTotalJoules(out pascalJoules));
        Assert.True(pascalJoules > 0);
    }

    [FakeNvmlFact]
    public void Process_mode_counts_a_gpu_while_any_billed_process_runs_on_it()
    {
        // `carbonattrs run` bills a process tree: a GPU counts while any process of the tree is on it.
        var tree = new BilledProcessesTests.FakeProcesses { Ids = { 4242, 4343 } };
        FakeNvmlLibrary.SetProcesses(0, 17, 4343);
        FakeNvmlLibrary.SetProcesses(1, 17);
        var sources = Open(null, TrackingMode.Process, billed: tree);
        foreach (var source in sources)
            source.TryReadTotalJoules(out _);

        FakeNvmlLibrary.SetEnergyMillijoules(0, 5_000);
        Thread.Sleep(20);
        Assert.True(sources[0].TryReadTotalJoules(out var used));
        Assert.True(sources[1].TryReadTotalJoules(out var notUsed));
        Assert.Equal(5.0, used, 9);
        Assert.Equal(0.0, notUsed);
        Assert.False(sources[0].Device.IsRunning((uint)Environment.ProcessId)); // this process is not what is billed
    }

    [FakeNvmlFact]
    public void The_last_source_disposed_shuts_nvml_down()
    {
        var sources = Open(null);
        Assert.Equal(1, FakeNvmlLibrary.Initialized);
        sources[0].Dispose();
        Assert.Equal(1, FakeNvmlLibrary.Initialized);
        sources[1].Dispose();
        Assert.Equal(0, FakeNvmlLibrary.Initialized);
    }

    [FakeNvmlFact]
    public void The_sampler_sums_gpus_into_the_gpu_component()
    {
        FakeNvmlLibrary.SetProcesses(0);
        var sources = Open("0");
        using var sampler = new EnergySampler(sources.Cast<IEnergySource>().ToList(), TimeSpan.FromMilliseconds(50), () => 0);
        _opened.Clear(); // the sampler disposes them
        Assert.Equal("measured:nvml", sampler.ComponentSources[EnergyComponent.Gpu]);
        FakeNvmlLibrary.SetEnergyMillijoules(0, 42_000);
        Assert.Equal(42.0, sampler.SampleNow().Total.GpuJoules, 9);
    }

    [FakeNvmlFact]
    public void The_sampler_integrates_nvml_utilisation_rates_so_a_window_gets_their_average_over_its_span()
    {
        var sources = Open(null); // both fake GPUs
        FakeNvmlLibrary.SetUtilizationPercent(0, 40);
        FakeNvmlLibrary.SetUtilizationPercent(1, 80);
        using var sampler = new EnergySampler(sources.Cast<IEnergySource>().ToList(), TimeSpan.FromMilliseconds(50), () => 0);
        _opened.Clear(); // the sampler disposes them
        Assert.True(sampler.HasGpuUtilization);
        Thread.Sleep(20);
        var first = sampler.SampleNow();
        Assert.Equal(60, first.Power.GpuUtilizationSeconds, 9); // the mean over the GPUs, as percent per second
        Thread.Sleep(30);
        var second = sampler.SampleNow();
        FakeNvmlLibrary.SetUtilizationPercent(0, 0);
        FakeNvmlLibrary.SetUtilizationPercent(1, 20);
        Thread.Sleep(30);
        var third = sampler.SampleNow();

        // A window over [first, third]: 60 % for the first half, 10 % for the second (each rate describes the period it ends).
        var span = Seconds(first.Timestamp, third.Timestamp);
        var expected = (60 * Seconds(first.Timestamp, second.Timestamp) + 10 * Seconds(second.Timestamp, third.Timestamp)) / span;
        var average = (sampler.ReadingAt(third.Timestamp).GpuUtilizationSeconds - sampler.ReadingAt(first.Timestamp).GpuUtilizationSeconds) / span;
        Assert.Equal(expected, average, 6);
        Assert.InRange(average, 10, 60);
    }

    [FakeNvmlFact]
    public void A_gpu_that_cannot_report_utilisation_is_left_out_of_the_average()
    {
        var sources = Open(null);
        FakeNvmlLibrary.SetUtilizationPercent(0, 30);
        FakeNvmlLibrary.SetUtilizationPercent(1, 90);
        FakeNvmlLibrary.SetUtilizationResult(1, 3); // Not Supported
        using var sampler = new EnergySampler(sources.Cast<IEnergySource>().ToList(), TimeSpan.FromMilliseconds(50), () => 0);
        _opened.Clear();
        Thread.Sleep(10);
        Assert.Equal(30, sampler.SampleNow().Power.GpuUtilizationSeconds, 9);
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}

/// <summary>A theory that is skipped, with the reason, where the fake NVML library cannot be built.</summary>
public sealed class FakeNvmlTheoryAttribute : TheoryAttribute
{
    public FakeNvmlTheoryAttribute()
    {
        if (FakeNvmlLibrary.SkipReason is { } reason)
            Skip = reason;
    }
}
