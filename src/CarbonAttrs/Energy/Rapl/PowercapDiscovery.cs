using System.Globalization;

namespace CarbonAttrs.Energy.Rapl;

/// <summary>
/// Finds RAPL zones under a powercap root (<c>/sys/class/powercap</c>, where zones appear as flat
/// entries such as <c>intel-rapl:0:1</c>, or a tree where subzones are nested inside their package)
/// and picks the ones to add up without counting a joule twice.
/// </summary>
internal static class PowercapDiscovery
{
    private const string MsrPrefix = "intel-rapl";
    private const string MmioPrefix = "intel-rapl-mmio";

    /// <summary>Every zone with a <c>name</c> file under <paramref name="root"/>, deduplicated by id.</summary>
    public static IReadOnlyList<RaplZone> Discover(string root)
    {
        var byId = new Dictionary<string, (string Directory, string Name, ulong Range)>(StringComparer.Ordinal);
        if (!System.IO.Directory.Exists(root))
            return Array.Empty<RaplZone>();
        Walk(root, byId, depth: 0);

        var zones = new List<RaplZone>();
        foreach (var pair in byId.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (directory, name, range) = pair.Value;
            var kind = Classify(name);
            zones.Add(new RaplZone(directory, pair.Key, name, kind, IdentityOf(pair.Key, name, kind, byId), range,
                pair.Key.StartsWith(MmioPrefix, StringComparison.Ordinal)));
        }
        return zones;
    }

    /// <summary>
    /// The zones to add up per component: every <c>package-N</c> for the CPU, every <c>dram</c> for RAM.
    /// <c>psys</c> (contains the packages), <c>core</c>/<c>uncore</c> (inside their package) and MMIO
    /// zones that duplicate an MSR zone of the same identity are left out.
    /// </summary>
    public static (IReadOnlyList<RaplZone> Cpu, IReadOnlyList<RaplZone> Ram) SelectCounted(IEnumerable<RaplZone> zones)
    {
        var chosen = new Dictionary<string, RaplZone>(StringComparer.Ordinal);
        foreach (var zone in zones.Where(z => z.Kind is RaplZoneKind.Package or RaplZoneKind.Dram))
        {
            // The MSR interface wins over its MMIO twin; it is the one every kernel has.
            if (!chosen.TryGetValue(zone.Identity, out var existing) || (existing.IsMmio && !zone.IsMmio))
                chosen[zone.Identity] = zone;
            else if (existing.IsMmio == zone.IsMmio)
                chosen[zone.ZoneId] = zone; // two zones of one interface with one name are two counters, not twins
        }
        var ordered = chosen.Values.OrderBy(z => z.Identity, StringComparer.Ordinal).ToList();
        return (ordered.Where(z => z.Kind == RaplZoneKind.Package).ToList(), ordered.Where(z => z.Kind == RaplZoneKind.Dram).ToList());
    }

    internal static RaplZoneKind Classify(string name)
    {
        if (name.StartsWith("package-", StringComparison.Ordinal)) return RaplZoneKind.Package;
        return name switch
        {
            "dram" => RaplZoneKind.Dram,
            "psys" => RaplZoneKind.Psys,
            "core" => RaplZoneKind.Core,
            "uncore" => RaplZoneKind.Uncore,
            _ => RaplZoneKind.Other,
        };
    }

    private static void Walk(string directory, Dictionary<string, (string, string, ulong)> byId, int depth)
    {
        if (depth > 4)
            return;
        string[] children;
        try { children = System.IO.Directory.GetDirectories(directory); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }

        foreach (var child in children)
        {
            var id = Path.GetFileName(child);
            if (!id.StartsWith(MsrPrefix, StringComparison.Ordinal))
                continue;
            // The control-type folders ("intel-rapl", "intel-rapl-mmio") have no name file; zones do.
            if (id.IndexOf(':') > 0 && !byId.ContainsKey(id) && TryReadText(Path.Combine(child, "name"), out var name))
            {
                var range = TryReadText(Path.Combine(child, "max_energy_range_uj"), out var text)
                    && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0UL;
                byId[id] = (child, name, range);
            }
            Walk(child, byId, depth + 1); // nested subzones (intel-rapl:0/intel-rapl:0:0)
        }
    }

    private static string IdentityOf(string id, string name, RaplZoneKind kind, Dictionary<string, (string Directory, string Name, ulong Range)> byId)
    {
        if (kind == RaplZoneKind.Package)
            return name; // package-N names the socket in both the MSR and the MMIO tree
        // A subzone (dram, core, ...) belongs to the package whose id is its own minus the last ":n".
        var lastColon = id.LastIndexOf(':');
        var parentId = lastColon > 0 ? id.Substring(0, lastColon) : "";
        var parent = parentId.IndexOf(':') > 0 && byId.TryGetValue(parentId, out var p) ? p.Name : parentId;
        return parent.Length > 0 && parentId.IndexOf(':') > 0 ? parent + "/" + name : id;
    }

    internal static bool TryReadText(string path, out string text)
    {
        try
        {
            text = File.ReadAllText(path).Trim();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            text = "";
            return false;
        }
    }
}
