using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Energy.Estimates;
using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// energy_uj is root-only on most kernels. The tests run as root, and root reads a chmod 000 file, so
/// the unreadable counter is simulated the two ways a read can fail for anyone: energy_uj is a
/// directory (EISDIR), or it is gone (ENOENT, as when a zone disappears).
/// </summary>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class RaplUnreadableTests : IDisposable
{
    private readonly List<string> _warnings = new();

    public RaplUnreadableTests()
    {
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (_warnings) _warnings.Add(level + ": " + message); };
    }

    public void Dispose() => TrackerLog.Sink = null;

    private static CarbonAttrsOptions Options(string root, TrackingMode mode) => new()
    {
        PowercapRoot = root,
        TrackingMode = mode,
        NvmlLibrary = "/nonexistent/libnvidia-ml-for-rapl-tests.so",
    };

    private static HardwareInfo Hardware() => new() { CpuModel = "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", LogicalCpuCount = 80, RamTotalGb = 64 };

    [Theory]
    [InlineData("directory")]
    [InlineData("missing")]
    public void Unreadable_energy_falls_back_to_estimates_with_one_warning_that_names_the_fix(string how)
    {
        using var tree = new PowercapTree();
        var package = tree.AddZone("intel-rapl:0", "package-0");
        tree.AddZone("intel-rapl:0:0", "dram");
        var energy = Path.Combine(package, "energy_uj");
        File.Delete(energy);
        if (how == "directory")
            Directory.CreateDirectory(energy);

        var sources = EnergySourceFactory.Create(Options(tree.Root, TrackingMode.Machine), Hardware(), "/proc", _ => null);
        EnergySourceFactory.Create(Options(tree.Root, TrackingMode.Machine), Hardware(), "/proc", _ => null); // a second start says nothing new

        var cpu = Assert.Single(sources, s => s.Component == EnergyComponent.Cpu);
        var ram = Assert.Single(sources, s => s.Component == EnergyComponent.Ram);
        Assert.Equal("estimated:tdp", cpu.Source); // the Xeon Gold 6248 is in the TDP table
        Assert.StartsWith("estimated:", ram.Source);
        var warning = Assert.Single(_warnings, w => w.Contains("RAPL"));
        Assert.StartsWith("Warning: ", warning);
        Assert.Contains("udev", warning);
        Assert.Contains("chmod", warning);
        Assert.Contains("group", warning);
        Assert.Contains(tree.Root, warning);
        foreach (var source in sources) source.Dispose();
    }

    [Fact]
    public void Readable_counters_are_measured_in_machine_mode_and_attributed_in_process_mode()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", energyMicrojoules: 1000);
        tree.AddZone("intel-rapl:0:0", "dram", energyMicrojoules: 1000);

        var machine = EnergySourceFactory.Create(Options(tree.Root, TrackingMode.Machine), Hardware(), "/proc", _ => null);
        Assert.IsType<RaplEnergySource>(machine.Single(s => s.Component == EnergyComponent.Cpu));
        Assert.IsType<RaplEnergySource>(machine.Single(s => s.Component == EnergyComponent.Ram));

        var process = EnergySourceFactory.Create(Options(tree.Root, TrackingMode.Process), Hardware(), "/proc", _ => null);
        var cpu = Assert.IsType<AttributedEnergySource>(process.Single(s => s.Component == EnergyComponent.Cpu));
        Assert.IsType<RaplEnergySource>(cpu.Inner);
        Assert.Equal("measured:rapl", cpu.Source);
        Assert.DoesNotContain(_warnings, w => w.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void No_powercap_tree_is_said_at_debug_level_and_estimated()
    {
        var root = Path.Combine(Path.GetTempPath(), "no-powercap-" + Guid.NewGuid().ToString("N"));
        var sources = EnergySourceFactory.Create(Options(root, TrackingMode.Process), new HardwareInfo { CpuModel = "Imaginary CPU 9000", LogicalCpuCount = 4 }, "/proc", _ => null);

        var cpu = Assert.IsType<CpuTimeEstimateSource>(sources.Single(s => s.Component == EnergyComponent.Cpu));
        Assert.Equal("estimated:cpu-time", cpu.Source);
        Assert.Equal(CpuTimeEstimateSource.DefaultWattsPerThread, cpu.WattsPerThread);
        Assert.Contains(_warnings, w => w.StartsWith("Debug: ", StringComparison.Ordinal) && w.Contains("no RAPL package zone"));
        Assert.DoesNotContain(_warnings, w => w.StartsWith("Warning", StringComparison.Ordinal));
    }
}
