using System.Globalization;
using System.Text.RegularExpressions;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Energy.Estimates;

/// <summary>
/// CPU model → package TDP (watts), from the table embedded as <c>CarbonAttrs.Data.cpu_tdp.csv</c>
/// (derived from CodeCarbon's <c>cpu_power.csv</c>, MIT; see Carbon/Data/ATTRIBUTION.md).
/// </summary>
internal static class CpuTdpTable
{
    private static readonly Lazy<Dictionary<string, double>> Table = new(Load);

    /// <summary>Number of models in the table.</summary>
    public static int Count => Table.Value.Count;

    /// <summary>
    /// The TDP of <paramref name="cpuModel"/> (as written in <c>/proc/cpuinfo</c>): the exact normalised name,
    /// else the longest table name that appears in it as whole words and holds a model number.
    /// </summary>
    public static bool TryFind(string? cpuModel, out double tdpWatts, out string matchedModel)
    {
        tdpWatts = 0;
        matchedModel = "";
        if (string.IsNullOrWhiteSpace(cpuModel))
            return false;
        var key = Normalize(cpuModel!);
        var table = Table.Value;
        if (table.TryGetValue(key, out tdpWatts))
        {
            matchedModel = key;
            return true;
        }
        var padded = " " + key + " ";
        foreach (var candidate in table.Keys)
        {
            if (candidate.Length > matchedModel.Length && padded.Contains(" " + candidate + " ") && HasModelNumber(candidate))
                matchedModel = candidate;
        }
        return matchedModel.Length > 0 && table.TryGetValue(matchedModel, out tdpWatts);
    }

    /// <summary>The same normalisation as eng/data/derive_tables.py (lower case; no ®/™, "CPU", clock, core count).</summary>
    internal static string Normalize(string name)
    {
        var s = name.ToLowerInvariant()
            .Replace("(r)", " ").Replace("(tm)", " ").Replace("\u00ae", " ").Replace("\u2122", " ");
        s = Regex.Replace(s, @"\(.*?\)", " ");
        s = Regex.Replace(s, "@.*$", " ");
        s = Regex.Replace(s, @"\b\d+-core\b", " ");
        s = Regex.Replace(s, @"\b(processor|cpu|with radeon.*|apu)\b", " ");
        s = Regex.Replace(s, "[,+]", " ");
        return string.Join(" ", s.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
    }

    // "intel xeon" alone must not match every Xeon: a candidate needs a token with a digit (the model number),
    // and more than the digits alone when it is that short ("6140" is an Opteron, not a Xeon Gold 6140).
    private static bool HasModelNumber(string candidate) => candidate.IndexOf(' ') > 0 && candidate.Any(char.IsDigit);

    private static Dictionary<string, double> Load()
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        using var stream = typeof(CpuTdpTable).Assembly.GetManifestResourceStream("CarbonAttrs.Data.cpu_tdp.csv");
        if (stream is null)
            return table;
        using var reader = new StreamReader(stream);
        var first = true;
        foreach (var record in CsvFormat.ReadRecords(reader))
        {
            if (first) { first = false; continue; }
            if (record.Fields.Length >= 2 && double.TryParse(record.Fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var tdp))
                table[record.Fields[0]] = tdp;
        }
        return table;
    }
}
