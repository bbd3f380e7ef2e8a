using System.Globalization;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>A row for a generated ledger: the figures a test cares about, every other column sensible.</summary>
public sealed record TestRow
{
    public string RunId { get; init; } = Guid.NewGuid().ToString();
    public string? ParentRunId { get; init; }
    public string Method { get; init; } = "Trainer.Train";
    public string Experiment { get; init; } = "exp";
    public DateTime End { get; init; } = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    public double Seconds { get; init; } = 60;
    public double CpuKwh { get; init; } = 0.001;
    public double GpuKwh { get; init; } = 0.004;
    public double RamKwh { get; init; } = 0.0005;
    public double Intensity { get; init; } = 100;
    public string Mode { get; init; } = "process";
    public string Host { get; init; } = "node-1";
    public string Rank { get; init; } = "0";
    public string Hyperparameters { get; init; } = "";
    public string Result { get; init; } = "";
    public string Status { get; init; } = "ok";
    public long Calls { get; init; } = 1;
    public string IntensitySource { get; init; } = "forced (tests)";
    /// <summary>The <c>flops</c> and <c>samples</c> columns (empty: not counted).</summary>
    public string Flops { get; init; } = "";
    public string Samples { get; init; } = "";
    public double EnergyKwh => CpuKwh + GpuKwh + RamKwh;
    public double EmissionsKg => EnergyKwh * Intensity / 1000;
}

/// <summary>Writes ledgers in the runtime's own column order (<see cref="LedgerColumns.All"/>).</summary>
public static class LedgerWriter
{
    // The runtime's columns, then flops and samples when the runtime's header does not have them yet (readers
    // find columns by name, so the report reads them either way).
    private static readonly IReadOnlyList<string> Columns = LedgerColumns.All
        .Concat(new[] { "flops", "samples" }.Where(c => !LedgerColumns.All.Contains(c))).ToArray();

    /// <summary>Fields per row this writer produces.</summary>
    public static int ColumnCount => Columns.Count;

    public static string Write(string path, IEnumerable<TestRow> rows, string? extraLines = null)
    {
        var lines = new List<string> { string.Join(",", Columns) };
        lines.AddRange(rows.Select(Format));
        if (extraLines is not null) lines.Add(extraLines.TrimEnd('\n'));
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public static string Format(TestRow r)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>
        {
            ["timestamp"] = r.End.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["project_name"] = "tests",
            ["run_id"] = r.RunId,
            ["experiment_id"] = CsvFormat.Text(r.Experiment),
            ["duration"] = N(r.Seconds),
            ["emissions"] = N(r.EmissionsKg),
            ["cpu_energy"] = N(r.CpuKwh),
            ["gpu_energy"] = N(r.GpuKwh),
            ["ram_energy"] = N(r.RamKwh),
            ["energy_consumed"] = N(r.EnergyKwh),
            ["country_iso_code"] = "FRA",
            ["cpu_count"] = "16",
            ["cpu_model"] = "AMD EPYC 7763",
            ["gpu_count"] = "1",
            ["gpu_model"] = "NVIDIA A100-SXM4-80GB",
            ["tracking_mode"] = r.Mode,
            ["pue"] = "1",
            ["method"] = CsvFormat.Text(r.Method),
            ["status"] = r.Status,
            ["parent_run_id"] = r.ParentRunId ?? "",
            ["calls"] = r.Calls.ToString(CultureInfo.InvariantCulture),
            ["hyperparameters"] = CsvFormat.Text(r.Hyperparameters),
            ["result"] = r.Result,
            ["cpu_energy_source"] = "measured:rapl",
            ["gpu_energy_source"] = "measured:nvml",
            ["ram_energy_source"] = "estimated:ram-size",
            ["intensity_g_per_kwh"] = N(r.Intensity),
            ["intensity_source"] = CsvFormat.Text(r.IntensitySource),
            ["host"] = CsvFormat.Text(r.Host),
            ["rank"] = r.Rank,
            ["job_id"] = "job-42",
            ["flops"] = "1000000",
            ["carbonattrs_version"] = "0.1.0",
            ["flops"] = r.Flops,
            ["samples"] = r.Samples,
        };
        return string.Join(",", Columns.Select(c => values.TryGetValue(c, out var v) ? v : ""));
    }
}
