using System.Reflection;
using System.Text.Json;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs;

/// <summary>One loop the build found whose iterations run a tracked method (the generator's <c>CarbonAttrs.Sweep</c> metadata).</summary>
/// <param name="Method">Ledger name of the method run per iteration.</param>
/// <param name="File">Source file, relative to the project.</param>
/// <param name="Line">Line of the loop keyword, or 0 when not recorded.</param>
/// <param name="Size">Runs of <paramref name="Method"/> the loop starts, or null when not known at compile time.</param>
internal sealed record TrackedLoop(string Method, string File, int Line, long? Size)
{
    /// <summary><c>Program.cs:25</c>.</summary>
    public string Location => Line > 0 ? File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : File;
}

/// <summary>
/// The loops of the entry assembly, read once from its <c>[assembly: AssemblyMetadata("CarbonAttrs.Sweep", json)]</c>
/// attributes (written by the generator), so the runtime knows which tracked method is the per-iteration method of
/// which loop and how many runs that loop starts. Read when the first window closes, never on a tracked call.
/// </summary>
internal sealed class TrackedLoopInventory
{
    public const string SweepKey = "CarbonAttrs.Sweep";

    public static readonly TrackedLoopInventory Empty = new(Array.Empty<TrackedLoop>());

    private readonly Dictionary<string, TrackedLoop?> _byMethod = new(StringComparer.Ordinal);

    public TrackedLoopInventory(IEnumerable<TrackedLoop> loops)
    {
        foreach (var loop in loops)
        {
            // A method run by two loops cannot be told apart at run time: it gets a line without a loop size.
            if (_byMethod.ContainsKey(loop.Method))
                _byMethod[loop.Method] = null;
            else
                _byMethod.Add(loop.Method, loop);
        }
    }

    /// <summary>Test seam: replaces the entry assembly's inventory for runtimes created afterwards.</summary>
    internal static TrackedLoopInventory? Override { get; set; }

    /// <summary>True when some loop runs <paramref name="method"/> per iteration; <paramref name="loop"/> is null when several do.</summary>
    public bool TryGet(string method, out TrackedLoop? loop) => _byMethod.TryGetValue(method, out loop);

    public bool IsEmpty => _byMethod.Count == 0;

    /// <summary>The entry assembly's loops (or <see cref="Override"/>); empty, never throwing, when it has none.</summary>
    public static TrackedLoopInventory Load()
    {
        if (Override is { } forced)
            return forced;
        try
        {
            var entry = Assembly.GetEntryAssembly();
            return entry is null ? Empty : FromMetadata(entry.GetCustomAttributes<AssemblyMetadataAttribute>().Where(a => a.Key == SweepKey).Select(a => a.Value));
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("loop-inventory", $"the loop inventory of the entry assembly could not be read ({ex.Message}); no loop projections are shown.");
            return Empty;
        }
    }

    /// <summary>Parses the JSON values (one object each); malformed ones are skipped.</summary>
    public static TrackedLoopInventory FromMetadata(IEnumerable<string?> values)
    {
        var loops = new List<TrackedLoop>();
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
                continue;
            try
            {
                using var json = JsonDocument.Parse(value!);
                var e = json.RootElement;
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
                    continue;
                var file = e.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() ?? "" : "";
                var line = e.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var li) ? li : 0;
                long? size = e.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n > 0 ? n : null;
                loops.Add(new TrackedLoop(method.GetString() ?? "", file, line, size));
            }
            catch (JsonException)
            {
                // Written by our own generator; a value we cannot read only costs its projection line.
            }
        }
        return new TrackedLoopInventory(loops);
    }
}
