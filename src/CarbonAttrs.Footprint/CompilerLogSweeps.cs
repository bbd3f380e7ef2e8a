using System.Globalization;
using System.Text.Json;

namespace CarbonAttrs.Footprint;

/// <summary>Where the compiler log is and the folder its sweeps' files are written relative to.</summary>
internal sealed record CompilerLogInput(string Path, string ProjectDirectory)
{
    /// <summary>
    /// The options as given: null when <paramref name="errorLog"/> is absent or empty (an unset MSBuild property);
    /// an absent or empty <paramref name="projectDir"/> is the current directory.
    /// </summary>
    public static CompilerLogInput? From(string? errorLog, string? projectDir)
        => string.IsNullOrWhiteSpace(errorLog) ? null
            : new CompilerLogInput(System.IO.Path.GetFullPath(errorLog.Trim()),
                System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(projectDir) ? Directory.GetCurrentDirectory() : projectDir.Trim()));
}

/// <summary>
/// The compiler log in the report: <c>read</c>, <c>missing</c> or <c>error</c>; the sweeps it lists and how many of them
/// the report added (the others are in the assembly's inventory already).
/// </summary>
internal sealed record CompilerLogStatus(string Path, string Status, int Sweeps, int Added = 0);

/// <summary>What one compiler log gave: the sweeps CARB001 reports (deduplicated, in log order) and problems reading it.</summary>
internal sealed record CompilerLogRead(CompilerLogStatus Status, IReadOnlyList<InventorySweep> Sweeps, IReadOnlyList<string> Problems);

/// <summary>
/// The sweeps rule CARB001 reports, read from the compiler's SARIF error log (<c>/errorlog:FILE,version=2.1</c>, MSBuild
/// <c>ErrorLog</c>): each result carries the sweep in its <c>properties.customProperties</c> (<c>SweepMethod</c>,
/// <c>SweepSize</c>, <c>SweepDescription</c>). This lists untracked sweeps, which the assembly's inventory does not hold.
/// Suppressed results are listed too: suppressing the warning does not make the sweep free, only unmeasured.
/// </summary>
internal static class CompilerLogSweeps
{
    public const string RuleId = "CARB001";
    public const string MethodProperty = "SweepMethod";
    public const string SizeProperty = "SweepSize";
    public const string DescriptionProperty = "SweepDescription";

    public static CompilerLogRead Read(CompilerLogInput input)
    {
        var path = input.Path;
        if (!File.Exists(path))
            return new CompilerLogRead(new CompilerLogStatus(path, "missing", 0), Array.Empty<InventorySweep>(),
                new[] { $"no compiler log at {path}: sweeps that CARB001 reports are not listed; it is written by the next compile" });

        var sweeps = new List<InventorySweep>();
        var problems = new List<string>();
        try
        {
            using var stream = File.OpenRead(path);
            using var json = JsonDocument.Parse(stream);
            if (!TryReadLog(path, json.RootElement, input.ProjectDirectory, sweeps, problems, out var notSarif))
                return Error(path, $"compiler log {path} is not a SARIF log: {notSarif}");
        }
        catch (JsonException ex)
        {
            return Error(path, $"compiler log {path} is not valid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Error(path, $"compiler log {path} cannot be read: {ex.Message}");
        }

        var distinct = sweeps.DistinctBy(s => (s.File, s.Line)).ToArray();
        return new CompilerLogRead(new CompilerLogStatus(path, "read", distinct.Length), distinct, problems);
    }

    /// <summary>
    /// The inventory's sweeps plus the log's at other places (the inventory wins where both list one), ordered by
    /// file (ordinal) then line.
    /// </summary>
    public static IReadOnlyList<InventorySweep> Merge(IReadOnlyList<InventorySweep> inventory, IReadOnlyList<InventorySweep> fromLog, out int added)
    {
        var known = inventory.Select(s => (s.File, s.Line)).ToHashSet();
        var extra = fromLog.Where(s => known.Add((s.File, s.Line))).ToArray();
        added = extra.Length;
        return inventory.Concat(extra).OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ToArray();
    }

    private static CompilerLogRead Error(string path, string problem)
        => new(new CompilerLogStatus(path, "error", 0), Array.Empty<InventorySweep>(), new[] { problem });

    private static bool TryReadLog(string path, JsonElement root, string projectDir, List<InventorySweep> sweeps, List<string> problems, out string notSarif)
    {
        notSarif = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            notSarif = "the top level is not a JSON object";
            return false;
        }
        if (!root.TryGetProperty("version", out var versionElement) || versionElement.ValueKind != JsonValueKind.String)
        {
            notSarif = "no \"version\"";
            return false;
        }
        var version = versionElement.GetString() ?? "";
        // csc writes "1.0.0" (/errorlog:FILE, the default before .NET 5 SDKs) or "2.1.0" (version=2.1).
        var v1 = version == "1.0.0";
        if (!v1 && !version.StartsWith("2.", StringComparison.Ordinal))
        {
            notSarif = $"version \"{version}\" is neither 1.0.0 nor 2.x";
            return false;
        }
        if (!root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            notSarif = "no \"runs\" array";
            return false;
        }

        foreach (var run in runs.EnumerateArray())
        {
            if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var result in results.EnumerateArray())
            {
                if (result.ValueKind != JsonValueKind.Object || Text(result, "ruleId") != RuleId)
                    continue;
                if (!result.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
                    || !properties.TryGetProperty("customProperties", out var custom) || custom.ValueKind != JsonValueKind.Object)
                    continue;
                // No method: the loop trains inline, so there is nothing whose measured runs a size could multiply.
                if (Text(custom, MethodProperty) is not { Length: > 0 } method)
                    continue;
                if (!TryLocation(result, v1, out var uri, out var line))
                {
                    problems.Add($"compiler log {path}: a CARB001 result for {method} has no source location: not listed");
                    continue;
                }
                sweeps.Add(new InventorySweep(method, RelativeFile(LocalPath(uri, projectDir), projectDir), line,
                    Size(custom), Text(custom, DescriptionProperty) ?? ""));
            }
        }
        return true;
    }

    /// <summary>SARIF 2.1: <c>locations[0].physicalLocation.artifactLocation.uri</c>; 1.0: <c>locations[0].resultFile.uri</c>.</summary>
    private static bool TryLocation(JsonElement result, bool v1, out string uri, out int? line)
    {
        uri = "";
        line = null;
        if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array || locations.GetArrayLength() == 0)
            return false;
        var first = locations[0];
        if (first.ValueKind != JsonValueKind.Object)
            return false;
        JsonElement file, region = default;
        if (v1)
        {
            if (!first.TryGetProperty("resultFile", out file) || file.ValueKind != JsonValueKind.Object)
                return false;
            file.TryGetProperty("region", out region);
        }
        else
        {
            if (!first.TryGetProperty("physicalLocation", out var physical) || physical.ValueKind != JsonValueKind.Object
                || !physical.TryGetProperty("artifactLocation", out file) || file.ValueKind != JsonValueKind.Object)
                return false;
            physical.TryGetProperty("region", out region);
        }
        if (Text(file, "uri") is not { Length: > 0 } text)
            return false;
        uri = text;
        if (region.ValueKind == JsonValueKind.Object && region.TryGetProperty("startLine", out var start)
            && start.ValueKind == JsonValueKind.Number && start.TryGetInt32(out var n) && n > 0)
            line = n;
        return true;
    }

    /// <summary>csc writes absolute <c>file:///</c> URIs; a relative one is relative to the project directory.</summary>
    private static string LocalPath(string uri, string projectDir)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
            return absolute.IsFile ? absolute.LocalPath : absolute.AbsolutePath;
        return Path.GetFullPath(Path.Combine(projectDir, Uri.UnescapeDataString(uri)));
    }

    /// <summary>The generator's rule for inventory entries (TrackEmissionsGenerator's <c>RelativeFile</c>), so both sources name a file alike.</summary>
    private static string RelativeFile(string path, string projectDir)
    {
        var root = projectDir.Replace('\\', '/').TrimEnd('/') + "/";
        var file = path.Replace('\\', '/');
        if (file.StartsWith(root, StringComparison.OrdinalIgnoreCase))
            return file.Substring(root.Length);
        return Path.GetFileName(path);
    }

    private static string? Text(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>An invariant integer string (a number is taken too); absent or unparseable is a size not known statically.</summary>
    private static long? Size(JsonElement custom)
    {
        if (!custom.TryGetProperty(SizeProperty, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s >= 0) return s;
        return null;
    }
}
