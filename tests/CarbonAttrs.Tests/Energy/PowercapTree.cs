using System.Globalization;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// A powercap tree in a temporary folder, laid out like /sys/class/powercap: control-type folders
/// (<c>intel-rapl</c>, <c>intel-rapl-mmio</c>) without a name file, and zones as flat entries
/// (<c>intel-rapl:0:1</c>) or nested inside their package, each with <c>name</c>, <c>energy_uj</c>
/// and <c>max_energy_range_uj</c>.
/// </summary>
internal sealed class PowercapTree : IDisposable
{
    public PowercapTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "carbonattrs-powercap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "intel-rapl"));
    }

    public string Root { get; }

    /// <summary>Adds zone <paramref name="id"/> (e.g. <c>intel-rapl:0:1</c>); nested puts it inside its parent's folder.</summary>
    public string AddZone(string id, string name, ulong energyMicrojoules = 0, ulong range = 262_143_328_850, bool nested = false)
    {
        var directory = Path.Combine(Root, id);
        if (nested)
        {
            var parentId = id.Substring(0, id.LastIndexOf(':'));
            directory = Path.Combine(Root, parentId, id);
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "name"), name + "\n");
        File.WriteAllText(Path.Combine(directory, "max_energy_range_uj"), range.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(Path.Combine(directory, "energy_uj"), energyMicrojoules.ToString(CultureInfo.InvariantCulture) + "\n");
        if (id.StartsWith("intel-rapl-mmio", StringComparison.Ordinal))
            Directory.CreateDirectory(Path.Combine(Root, "intel-rapl-mmio"));
        return directory;
    }

    /// <summary>Replaces energy_uj atomically (write then rename), as a reader never sees a half-written number in sysfs.</summary>
    public static void WriteEnergy(string zoneDirectory, ulong microjoules)
    {
        var target = Path.Combine(zoneDirectory, "energy_uj");
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, microjoules.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, target, overwrite: true);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
