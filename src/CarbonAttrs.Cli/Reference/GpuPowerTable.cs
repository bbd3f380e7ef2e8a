using System.Globalization;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Cli.Reference;

/// <summary>One accelerator's rated power, with the datasheet it comes from.</summary>
internal sealed record GpuPower(string Name, string Type, double TdpWatts, string Source);

/// <summary>
/// Accelerator power table: mlco2/impact <c>data/gpus.csv</c> (MIT), GPU and TPU rows, embedded unchanged;
/// the <c>source</c> column names each figure's datasheet. TDP is the board's rated maximum: an upper bound
/// of what a busy card draws, which is what an estimate before running should use.
/// </summary>
internal sealed class GpuPowerTable
{
    public const string Attribution = "mlco2/impact data/gpus.csv (MIT), datasheet per row";
    private static readonly Lazy<GpuPowerTable> Shipped = new(() => Parse(EmbeddedData.ReadText("gpus.csv")));

    private GpuPowerTable(IReadOnlyList<GpuPower> entries) => Entries = entries;

    public static GpuPowerTable Default => Shipped.Value;
    public IReadOnlyList<GpuPower> Entries { get; }

    public static GpuPowerTable Parse(string csv)
    {
        var entries = new List<GpuPower>();
        string[]? header = null;
        foreach (var record in CsvFormat.ReadRecords(new StringReader(csv)))
        {
            var fields = record.Fields.Select(f => f.Trim()).ToArray();
            if (header is null) { header = fields; continue; }
            var name = Field(header, fields, "name");
            var type = Field(header, fields, "type");
            if (name.Length == 0 || type is not ("gpu" or "tpu"))
                continue;
            if (!double.TryParse(Field(header, fields, "tdp_watts"), NumberStyles.Float, CultureInfo.InvariantCulture, out var tdp) || tdp <= 0)
                continue;
            entries.Add(new GpuPower(name, type, tdp, Field(header, fields, "source")));
        }
        return new GpuPowerTable(entries);
    }

    /// <summary>Finds a model by name, ignoring case, spaces, punctuation and a vendor prefix (NVIDIA, GeForce, Tesla).</summary>
    public GpuLookup Find(string model)
    {
        var key = StripVendor(NameMatcher.Normalize(model));
        var exact = Entries.Where(e => StripVendor(NameMatcher.Normalize(e.Name)) == key).ToArray();
        if (exact.Length == 1)
            return new GpuLookup(exact[0], Array.Empty<string>());
        var candidates = Entries.Select(e => e.Name).ToArray();
        var close = NameMatcher.Closest(StripVendor(key), candidates.Select(StripVendorName), 6)
            .Select(stripped => candidates.First(c => StripVendorName(c) == stripped))
            .ToArray();
        return new GpuLookup(null, close);
    }

    private static string StripVendorName(string name) => StripVendor(NameMatcher.Normalize(name));

    private static string StripVendor(string key)
    {
        foreach (var prefix in new[] { "nvidia", "geforce", "tesla", "amd" })
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
                key = key[prefix.Length..];
        return key;
    }

    private static string Field(string[] header, string[] fields, string name)
    {
        var i = Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i < fields.Length ? fields[i] : "";
    }
}

/// <summary>A look-up's outcome: the entry, or the closest names.</summary>
internal sealed record GpuLookup(GpuPower? Entry, IReadOnlyList<string> Suggestions);
