using System.Globalization;

namespace CarbonAttrs.Ledger;

/// <summary>Totals of one or more ledgers merged across ranks and hosts (see <see cref="RankLedgerMerge"/>).</summary>
internal sealed class MergedLedgerTotals
{
    /// <summary>Complete rows read.</summary>
    public int Rows { get; set; }
    /// <summary>Records cut short (unclosed quote or wrong field count): never counted.</summary>
    public int TornRows { get; set; }
    /// <summary>Rows whose energy is in the totals.</summary>
    public int CountedRows { get; set; }
    /// <summary>Rows left out because an enclosing window of the same process already holds their energy.</summary>
    public int NestedRows { get; set; }
    /// <summary>Machine-mode rows left out because another rank already reports that host's machine-wide energy.</summary>
    public int DuplicateMachineRows { get; set; }
    public double CpuKwh { get; set; }
    public double GpuKwh { get; set; }
    public double RamKwh { get; set; }
    /// <summary>Grid energy (components × PUE), kWh.</summary>
    public double EnergyKwh { get; set; }
    public double EmissionsKg { get; set; }
    public SortedSet<string> Ranks { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Hosts { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Merges the ledgers written by every rank of a job (one shared <c>emissions.csv</c> or one per rank)
/// into one total, counting each joule once:
/// <list type="number">
/// <item>only outermost windows count (a row with a <c>parent_run_id</c> is inside one of its own process's rows);</item>
/// <item>process-mode rows (<c>tracking_mode</c> = <c>process</c>) hold each process's own share and simply add up across ranks;</item>
/// <item>machine-mode rows hold everything the host drew, which every rank on that host sees: per <c>host</c> (one job per output folder)
/// only the rows of the lowest rank there count (the host's representative); the others' are reported as duplicates.</item>
/// </list>
/// </summary>
internal static class RankLedgerMerge
{
    public static MergedLedgerTotals Merge(IEnumerable<string> ledgerPaths)
    {
        var rows = new List<Dictionary<string, string>>();
        var totals = new MergedLedgerTotals();
        foreach (var path in ledgerPaths)
            Read(path, rows, totals);

        var selected = rows;
        var representative = selected
            .Where(IsMachineMode)
            .GroupBy(r => Field(r, "host"))
            .ToDictionary(g => g.Key, g => g.Select(r => Field(r, "rank")).OrderBy(RankOrder).ThenBy(s => s, StringComparer.Ordinal).First());

        foreach (var row in selected)
        {
            if (Field(row, "parent_run_id").Length > 0)
            {
                totals.NestedRows++;
                continue;
            }
            if (IsMachineMode(row) && representative[Field(row, "host")] != Field(row, "rank"))
            {
                totals.DuplicateMachineRows++;
                continue;
            }
            totals.CountedRows++;
            totals.CpuKwh += Number(row, "cpu_energy");
            totals.GpuKwh += Number(row, "gpu_energy");
            totals.RamKwh += Number(row, "ram_energy");
            totals.EnergyKwh += Number(row, "energy_consumed");
            totals.EmissionsKg += Number(row, "emissions");
            totals.Ranks.Add(Field(row, "rank"));
            totals.Hosts.Add(Field(row, "host"));
        }
        return totals;
    }

    private static void Read(string path, List<Dictionary<string, string>> rows, MergedLedgerTotals totals)
    {
        using var reader = new StreamReader(path);
        string[]? header = null;
        foreach (var record in CsvFormat.ReadRecords(reader))
        {
            if (header is null)
            {
                header = record.Fields;
                continue;
            }
            if (record.Fields.Length == 1 && record.Fields[0].Length == 0)
                continue; // blank line
            if (!record.Complete || record.Fields.Length != header.Length)
            {
                totals.TornRows++;
                continue;
            }
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                row[header[i]] = record.Fields[i];
            rows.Add(row);
            totals.Rows++;
        }
    }

    private static bool IsMachineMode(Dictionary<string, string> row) => Field(row, "tracking_mode") == "machine";

    private static string Field(Dictionary<string, string> row, string column) => row.TryGetValue(column, out var value) ? value : "";

    private static double Number(Dictionary<string, string> row, string column)
        => double.TryParse(Field(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    // Numeric ranks in numeric order ("2" before "10"); anything else after them.
    private static long RankOrder(string rank) => long.TryParse(rank, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}
