namespace CarbonAttrs.Energy.Rapl;

/// <summary>One powercap zone found on disk: where its counter is and what it measures.</summary>
internal sealed class RaplZone
{
    public RaplZone(string directory, string zoneId, string name, RaplZoneKind kind, string identity, ulong maxEnergyRangeMicrojoules, bool isMmio)
    {
        Directory = directory;
        ZoneId = zoneId;
        Name = name;
        Kind = kind;
        Identity = identity;
        MaxEnergyRangeMicrojoules = maxEnergyRangeMicrojoules;
        IsMmio = isMmio;
    }

    /// <summary>The zone's folder (holds <c>name</c>, <c>energy_uj</c>, <c>max_energy_range_uj</c>).</summary>
    public string Directory { get; }

    /// <summary>Folder name such as <c>intel-rapl:0:1</c>.</summary>
    public string ZoneId { get; }

    /// <summary>Content of the <c>name</c> file, e.g. <c>package-0</c>.</summary>
    public string Name { get; }

    public RaplZoneKind Kind { get; }

    /// <summary>
    /// What the zone is regardless of the interface that exposes it (<c>package-0</c>, <c>package-0/dram</c>):
    /// an MSR zone and its MMIO twin share it, so only one of them is counted.
    /// </summary>
    public string Identity { get; }

    /// <summary>The value at which <c>energy_uj</c> wraps back to zero.</summary>
    public ulong MaxEnergyRangeMicrojoules { get; }

    /// <summary>True for <c>intel-rapl-mmio</c> zones (duplicates of MSR zones on recent Intel laptops).</summary>
    public bool IsMmio { get; }

    public string EnergyFile => Path.Combine(Directory, "energy_uj");

    public override string ToString() => $"{ZoneId} ({Name})";
}
