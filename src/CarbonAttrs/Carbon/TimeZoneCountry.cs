namespace CarbonAttrs.Carbon;

/// <summary>
/// The country a machine's IANA time zone points at: the zone name from <c>TZ</c>, else the <c>/etc/localtime</c>
/// link (else Debian's <c>/etc/timezone</c>), looked up in the system's tzdata tables (<c>zone.tab</c>, then
/// <c>zone1970.tab</c>) under <c>TZDIR</c> (default <c>/usr/share/zoneinfo</c>, as glibc). Only a guess for the grid:
/// a laptop in Paris set to <c>Europe/Paris</c> is most likely on the French grid; <c>UTC</c> says nothing.
/// </summary>
internal sealed class TimeZoneCountry
{
    internal const string DefaultZoneInfoRoot = "/usr/share/zoneinfo";

    private TimeZoneCountry(string zone, string alpha2, string alpha3)
    {
        Zone = zone;
        Alpha2 = alpha2;
        Alpha3 = alpha3;
    }

    /// <summary>The IANA zone name, e.g. <c>Europe/Paris</c>.</summary>
    public string Zone { get; }

    /// <summary>The country tzdata gives for the zone, e.g. <c>FR</c>.</summary>
    public string Alpha2 { get; }

    /// <summary>The same country's alpha-3 code, e.g. <c>FRA</c>.</summary>
    public string Alpha3 { get; }

    /// <summary>The guess from this process's environment and files.</summary>
    public static TimeZoneCountry? FromSystem() => Detect(Environment.GetEnvironmentVariable);

    /// <summary>
    /// The guess from <paramref name="getEnvironmentVariable"/> (<c>TZ</c>, <c>TZDIR</c>) and the link at
    /// <paramref name="localtimePath"/>; null when the zone is unknown, has no country (UTC, Etc/*) or the tables are missing.
    /// </summary>
    public static TimeZoneCountry? Detect(Func<string, string?> getEnvironmentVariable, string localtimePath = "/etc/localtime", string timezoneFilePath = "/etc/timezone")
    {
        try
        {
            var root = getEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : DefaultZoneInfoRoot;
            var zone = ZoneName(getEnvironmentVariable("TZ"), root, localtimePath, timezoneFilePath);
            if (zone is null || CountryOf(zone, root) is not { } alpha2 || IsoCountryCodes.Alpha3(alpha2) is not { } alpha3)
                return null;
            return new TimeZoneCountry(zone, alpha2.ToUpperInvariant(), alpha3);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null; // a guess, never a failure
        }
    }

    /// <summary>The IANA name <c>TZ</c> or the system names; null for POSIX rules (<c>CET-1CEST</c>) and when nothing names one.</summary>
    internal static string? ZoneName(string? tz, string zoneInfoRoot, string localtimePath, string timezoneFilePath)
    {
        if (tz is not null)
        {
            // TZ=":Europe/Paris" and TZ="Europe/Paris" name a zone file; TZ="/usr/share/zoneinfo/Europe/Paris" is its path.
            var name = tz.Trim().TrimStart(':');
            if (name.Length > 0)
                return FromPath(name, zoneInfoRoot) ?? (LooksLikeZoneName(name) ? name : null);
        }
        if (LinkTarget(localtimePath) is { } target && FromPath(target, zoneInfoRoot) is { } linked)
            return linked;
        if (File.Exists(timezoneFilePath) && File.ReadAllText(timezoneFilePath).Trim() is { Length: > 0 } written && LooksLikeZoneName(written))
            return written;
        return null;
    }

    // ".../zoneinfo/Europe/Paris" (also "posix/" and "right/" variants) → "Europe/Paris".
    private static string? FromPath(string path, string zoneInfoRoot)
    {
        if (path.IndexOf('/') < 0)
            return null;
        var root = zoneInfoRoot.TrimEnd('/') + "/";
        string? rest = null;
        if (path.StartsWith(root, StringComparison.Ordinal))
            rest = path.Substring(root.Length);
        else if (path.LastIndexOf("zoneinfo/", StringComparison.Ordinal) is var i and >= 0)
            rest = path.Substring(i + "zoneinfo/".Length);
        else if (!path.StartsWith("/", StringComparison.Ordinal) && !path.StartsWith(".", StringComparison.Ordinal))
            return null; // "Europe/Paris" itself: not a path
        if (rest is null)
            return null;
        foreach (var variant in new[] { "posix/", "right/" })
            if (rest.StartsWith(variant, StringComparison.Ordinal))
                rest = rest.Substring(variant.Length);
        return LooksLikeZoneName(rest) ? rest : null;
    }

    private static bool LooksLikeZoneName(string name)
        => name.Length > 0 && name.Length < 64 && name.All(c => char.IsLetterOrDigit(c) || c is '/' or '_' or '-' or '+') && !name.StartsWith("/", StringComparison.Ordinal);

    private static string? LinkTarget(string path)
    {
#if NET6_0_OR_GREATER
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is { } target
            ? (Path.IsPathRooted(target) ? target : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "/", target)))
            : null;
#else
        return null; // netstandard2.0 cannot read a link: TZ or /etc/timezone still work
#endif
    }

    /// <summary>
    /// The first country tzdata lists for <paramref name="zone"/>: <c>zone.tab</c> names one country per zone, links
    /// included (Europe/Copenhagen → DK); <c>zone1970.tab</c> lists the countries sharing a zone, the largest first.
    /// </summary>
    internal static string? CountryOf(string zone, string zoneInfoRoot)
    {
        foreach (var table in new[] { "zone.tab", "zone1970.tab" })
        {
            var path = Path.Combine(zoneInfoRoot, table);
            if (!File.Exists(path))
                continue;
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0 || line[0] == '#')
                    continue;
                var columns = line.Split('\t');
                if (columns.Length >= 3 && string.Equals(columns[2].Trim(), zone, StringComparison.Ordinal))
                {
                    var first = columns[0].Split(',')[0].Trim();
                    return first.Length == 2 ? first : null;
                }
            }
        }
        return null;
    }
}
