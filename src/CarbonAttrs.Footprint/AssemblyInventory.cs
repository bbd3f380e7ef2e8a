using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace CarbonAttrs.Footprint;

/// <summary>A tracked method as the generator recorded it (the <c>CarbonAttrs.TrackedMethod</c> metadata).</summary>
internal sealed record InventoryMethod(string Name, string Experiment, string File, int? Line, bool Summarize);

/// <summary>A sweep as the analyzers found it (the <c>CarbonAttrs.Sweep</c> metadata); <see cref="Size"/> null when not static.</summary>
internal sealed record InventorySweep(string Method, string File, int? Line, long? Size, string Description)
{
    public string Location => Line is { } line ? $"{File}({line})" : File;
}

/// <summary>
/// What a built assembly says it will run: reads <c>[assembly: AssemblyMetadata("CarbonAttrs.TrackedMethod", json)]</c>
/// and <c>("CarbonAttrs.Sweep", json)</c> with System.Reflection.Metadata, without loading the assembly (so a
/// build tool can read any target framework's output). Each value is one JSON object or an array of them.
/// </summary>
internal sealed record AssemblyInventory(string AssemblyName, IReadOnlyList<InventoryMethod> Methods, IReadOnlyList<InventorySweep> Sweeps, IReadOnlyList<string> Problems)
{
    public const string TrackedMethodKey = "CarbonAttrs.TrackedMethod";
    public const string SweepKey = "CarbonAttrs.Sweep";

    /// <exception cref="InvalidDataException">The file is not a .NET assembly.</exception>
    public static AssemblyInventory Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
            throw new InvalidDataException($"{path} is not a .NET assembly (no metadata)");
        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
            throw new InvalidDataException($"{path} is a module, not an assembly");

        var methods = new List<InventoryMethod>();
        var sweeps = new List<InventorySweep>();
        var problems = new List<string>();
        var assembly = reader.GetAssemblyDefinition();
        foreach (var handle in assembly.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (!IsAssemblyMetadata(reader, attribute.Constructor))
                continue;
            if (!TryReadKeyValue(reader, attribute, out var key, out var value) || key is not (TrackedMethodKey or SweepKey))
                continue;
            try
            {
                using var json = JsonDocument.Parse(value ?? "");
                foreach (var element in json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToArray() : new[] { json.RootElement })
                {
                    if (element.ValueKind != JsonValueKind.Object)
                        throw new JsonException("expected a JSON object");
                    if (key == TrackedMethodKey) methods.Add(ParseMethod(element));
                    else sweeps.Add(ParseSweep(element));
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"{key} metadata is not valid JSON ({ex.Message}): {value}");
            }
        }
        return new AssemblyInventory(reader.GetString(assembly.Name), methods, sweeps, problems);
    }

    private static InventoryMethod ParseMethod(JsonElement e)
        => new(Text(e, "name", "method") is { Length: > 0 } name ? name : throw new JsonException("a tracked method has no \"name\""),
            Text(e, "experiment"), Text(e, "file", "path"), Int(e, "line"), Bool(e, "summarize"));

    private static InventorySweep ParseSweep(JsonElement e)
        => new(Text(e, "method", "iterationMethod") is { Length: > 0 } method ? method : throw new JsonException("a sweep has no \"method\""),
            Text(e, "file", "path"), Int(e, "line"), Size(e), Text(e, "description", "kind"));

    private static string Text(JsonElement e, params string[] names)
    {
        foreach (var name in names)
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                return v.GetString() ?? "";
        return "";
    }

    private static int? Int(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static bool Bool(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>A number, a numeric string, or null / "unknown" / absent for a size not known statically.</summary>
    private static long? Size(JsonElement e)
    {
        if (!e.TryGetProperty("size", out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), out var s) && s >= 0) return s;
        return null;
    }

    private static bool IsAssemblyMetadata(MetadataReader reader, EntityHandle constructor)
    {
        EntityHandle type;
        if (constructor.Kind == HandleKind.MemberReference)
            type = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        else if (constructor.Kind == HandleKind.MethodDefinition)
            type = reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType();
        else
            return false;

        return type.Kind switch
        {
            HandleKind.TypeReference => Is(reader, reader.GetTypeReference((TypeReferenceHandle)type).Namespace, reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Is(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => false,
        };

        static bool Is(MetadataReader r, StringHandle ns, StringHandle name)
            => r.StringComparer.Equals(ns, "System.Reflection") && r.StringComparer.Equals(name, "AssemblyMetadataAttribute");
    }

    /// <summary>Decodes the (string key, string value) constructor arguments from the attribute blob.</summary>
    private static bool TryReadKeyValue(MetadataReader reader, CustomAttribute attribute, out string? key, out string? value)
    {
        key = value = null;
        var blob = reader.GetBlobReader(attribute.Value);
        if (blob.Length < 2 || blob.ReadUInt16() != 1) // ECMA-335 II.23.3 prolog
            return false;
        try
        {
            key = blob.ReadSerializedString();
            value = blob.ReadSerializedString();
            return key is not null;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
