using CarbonAttrs.Energy.Rapl;

namespace CarbonAttrs.Tests.Energy;

public sealed class PowercapDiscoveryTests
{
    private static (string[] Cpu, string[] Ram) Counted(PowercapTree tree)
    {
        var (cpu, ram) = PowercapDiscovery.SelectCounted(PowercapDiscovery.Discover(tree.Root));
        return (cpu.Select(z => z.ZoneId).ToArray(), ram.Select(z => z.ZoneId).ToArray());
    }

    [Fact]
    public void One_socket_laptop_counts_the_package_and_leaves_core_uncore_and_psys_out()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl:0", "package-0");
        tree.AddZone("intel-rapl:0:0", "core");
        tree.AddZone("intel-rapl:0:1", "uncore");
        tree.AddZone("intel-rapl:0:2", "dram");
        tree.AddZone("intel-rapl:1", "psys");

        var zones = PowercapDiscovery.Discover(tree.Root);
        Assert.Equal(5, zones.Count); // the control-type folder "intel-rapl" has no name and is not a zone
        Assert.Equal(RaplZoneKind.Psys, zones.Single(z => z.ZoneId == "intel-rapl:1").Kind);

        var (cpu, ram) = Counted(tree);
        Assert.Equal(new[] { "intel-rapl:0" }, cpu);
        Assert.Equal(new[] { "intel-rapl:0:2" }, ram);
    }

    [Fact]
    public void Two_sockets_sum_both_packages_and_both_dram_zones()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl:0", "package-0");
        tree.AddZone("intel-rapl:0:0", "dram");
        tree.AddZone("intel-rapl:1", "package-1");
        tree.AddZone("intel-rapl:1:0", "dram");

        var (cpu, ram) = Counted(tree);
        Assert.Equal(new[] { "intel-rapl:0", "intel-rapl:1" }, cpu);
        Assert.Equal(new[] { "intel-rapl:0:0", "intel-rapl:1:0" }, ram);
        var zones = PowercapDiscovery.Discover(tree.Root);
        Assert.Equal("package-1/dram", zones.Single(z => z.ZoneId == "intel-rapl:1:0").Identity);
    }

    [Fact]
    public void Subzones_are_classified_by_name_not_index_whatever_their_order()
    {
        // Server order (dram at :0) and laptop order (core, uncore, dram) must give the same answer.
        using var server = new PowercapTree();
        server.AddZone("intel-rapl:0", "package-0");
        server.AddZone("intel-rapl:0:0", "dram");
        server.AddZone("intel-rapl:0:1", "core");
        using var shuffled = new PowercapTree();
        shuffled.AddZone("intel-rapl:0", "package-0");
        shuffled.AddZone("intel-rapl:0:0", "core");
        shuffled.AddZone("intel-rapl:0:1", "uncore");
        shuffled.AddZone("intel-rapl:0:2", "dram");

        Assert.Equal(new[] { "intel-rapl:0:0" }, Counted(server).Ram);
        Assert.Equal(new[] { "intel-rapl:0:2" }, Counted(shuffled).Ram);
        Assert.Equal(new[] { "intel-rapl:0" }, Counted(shuffled).Cpu);
    }

    [Fact]
    public void Mmio_zones_that_duplicate_msr_zones_are_not_counted_twice()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl:0", "package-0");
        tree.AddZone("intel-rapl:0:0", "dram");
        tree.AddZone("intel-rapl-mmio:0", "package-0");
        tree.AddZone("intel-rapl-mmio:0:0", "dram");

        var (cpu, ram) = Counted(tree);
        Assert.Equal(new[] { "intel-rapl:0" }, cpu);
        Assert.Equal(new[] { "intel-rapl:0:0" }, ram);
    }

    [Fact]
    public void An_mmio_only_package_is_used_when_no_msr_twin_exists()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl-mmio:0", "package-0");

        Assert.Equal(new[] { "intel-rapl-mmio:0" }, Counted(tree).Cpu);
    }

    [Fact]
    public void Nested_subzone_folders_are_found_like_flat_ones()
    {
        using var tree = new PowercapTree();
        tree.AddZone("intel-rapl:0", "package-0");
        tree.AddZone("intel-rapl:0:0", "dram", nested: true);
        tree.AddZone("intel-rapl:0:1", "core", nested: true);

        var zones = PowercapDiscovery.Discover(tree.Root);
        Assert.Equal(3, zones.Count);
        Assert.Equal(new[] { "intel-rapl:0:0" }, Counted(tree).Ram);
    }

    [Fact]
    public void A_missing_root_has_no_zones()
    {
        Assert.Empty(PowercapDiscovery.Discover(Path.Combine(Path.GetTempPath(), "no-such-powercap-" + Guid.NewGuid().ToString("N"))));
    }
}
