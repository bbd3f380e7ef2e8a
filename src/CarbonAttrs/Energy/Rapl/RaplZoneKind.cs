namespace CarbonAttrs.Energy.Rapl;

/// <summary>What a powercap zone measures, read from its <c>name</c> file (never from its index).</summary>
internal enum RaplZoneKind
{
    /// <summary><c>package-N</c>: one CPU socket (cores, caches, uncore).</summary>
    Package,
    /// <summary><c>dram</c>: memory attached to a package.</summary>
    Dram,
    /// <summary><c>psys</c>: the whole platform (contains the packages: never added to them).</summary>
    Psys,
    /// <summary><c>core</c> (PP0): inside its package.</summary>
    Core,
    /// <summary><c>uncore</c> (PP1, often the integrated GPU): inside its package.</summary>
    Uncore,
    /// <summary>A name this library does not know.</summary>
    Other,
}
