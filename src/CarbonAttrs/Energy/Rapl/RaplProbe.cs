using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Energy.Rapl;

/// <summary>Opens the RAPL sources for a powercap root, or explains once why it cannot.</summary>
internal static class RaplProbe
{
    /// <summary>The warning's fix text, shared with the docs (docs/energy.md shows the same rule).</summary>
    internal const string PermissionFix =
        "Since CVE-2020-8694 most kernels make energy_uj readable by root only. To measure instead of estimate, either " +
        "(a) until the next reboot: sudo chmod o+r /sys/class/powercap/intel-rapl*/energy_uj /sys/class/powercap/intel-rapl*/*/energy_uj; or " +
        "(b) permanently, a udev rule in /etc/udev/rules.d/99-carbonattrs-powercap.rules: " +
        "ACTION==\"add\", SUBSYSTEM==\"powercap\", RUN+=\"/bin/chgrp powercap /sys%p/energy_uj\", RUN+=\"/bin/chmod g+r /sys%p/energy_uj\" " +
        "then add your user to that group (sudo groupadd -f powercap; sudo usermod -aG powercap $USER) and log in again; or " +
        "(c) run the job as a user that can read the files.";

    /// <summary>
    /// The CPU (all packages) and RAM (all dram zones) sources under <paramref name="root"/>; null for a component
    /// with no zone or whose counter cannot be read (said once: debug when absent, a warning naming the fix when unreadable).
    /// </summary>
    public static (RaplEnergySource? Cpu, RaplEnergySource? Ram) Open(string root, double powerBoundWatts = RaplEnergySource.DefaultPowerBoundWatts)
    {
        var zones = PowercapDiscovery.Discover(root);
        var (cpuZones, ramZones) = PowercapDiscovery.SelectCounted(zones);
        if (cpuZones.Count == 0)
        {
            TrackerLog.Debug("rapl-absent:" + root,
                $"no RAPL package zone under {root} (not Linux, a virtual machine, or no powercap driver); CPU and RAM energy are estimated.");
            return (null, null);
        }
        var cpu = TryOpen(EnergyComponent.Cpu, cpuZones, root, powerBoundWatts);
        var ram = cpu is not null && ramZones.Count > 0 ? TryOpen(EnergyComponent.Ram, ramZones, root, powerBoundWatts) : null;
        return (cpu, ram);
    }

    private static RaplEnergySource? TryOpen(EnergyComponent component, IReadOnlyList<RaplZone> zones, string root, double powerBoundWatts)
    {
        try
        {
            return new RaplEnergySource(component, zones, powerBoundWatts);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TrackerLog.Warn("rapl-unreadable:" + root,
                $"RAPL energy counters under {root} were found but cannot be read ({ex.Message}); CPU and RAM energy are estimated instead " +
                $"(estimated:* in the ledger's *_energy_source columns). {PermissionFix}");
            return null;
        }
    }
}
