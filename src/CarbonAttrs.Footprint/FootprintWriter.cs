using System.Text;
using System.Text.Json;
using CarbonAttrs.Footprint.Reporting;
using static CarbonAttrs.Footprint.Reporting.SafeText;

namespace CarbonAttrs.Footprint;

/// <summary>Writes <c>carbon-footprint.json</c> (schema in docs/footprint.md) and <c>carbon-footprint.md</c>.</summary>
internal static class FootprintWriter
{
    public const string Schema = "carbonattrs-footprint/1";

    public static string Json(FootprintReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("assembly", report.AssemblyName);
            w.WriteString("assemblyPath", report.AssemblyPath);
            Number(w, "budgetKgCO2e", report.BudgetKg);
            w.WriteBoolean("overBudget", report.OverBudget);
            w.WriteNumber("projectedEnergyKwh", report.ProjectedEnergyKwh);
            w.WriteNumber("projectedEmissionsKg", report.ProjectedEmissionsKg);

            w.WriteStartArray("ledgers");
            foreach (var l in report.Ledgers)
            {
                w.WriteStartObject();
                w.WriteString("path", l.Path);
                w.WriteString("status", l.Status);
                w.WriteNumber("rows", l.Rows);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (report.CompilerLog is { } log)
            {
                w.WriteStartObject("compilerLog");
                w.WriteString("path", log.Path);
                w.WriteString("status", log.Status);
                w.WriteNumber("sweeps", log.Sweeps);
                w.WriteNumber("added", log.Added);
                w.WriteEndObject();
            }

            w.WriteStartArray("methods");
            foreach (var m in report.Methods)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Method.Name);
                w.WriteString("experiment", m.Method.Experiment);
                w.WriteString("file", m.Method.File);
                Number(w, "line", m.Method.Line);
                w.WriteBoolean("summarize", m.Method.Summarize);
                w.WriteBoolean("measured", m.Measured);
                w.WriteNumber("runs", m.Runs);
                w.WriteNumber("calls", m.Calls);
                SpreadObject(w, "durationSeconds", m.DurationSeconds);
                SpreadObject(w, "energyKwh", m.EnergyKwh);
                if (m.Measured)
                {
                    w.WriteStartObject("componentsKwhMedian");
                    w.WriteNumber("cpu", m.CpuKwhMedian);
                    w.WriteNumber("gpu", m.GpuKwhMedian);
                    w.WriteNumber("ram", m.RamKwhMedian);
                    w.WriteEndObject();
                }
                SpreadObject(w, "emissionsKg", m.EmissionsKg);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("sweeps");
            foreach (var s in report.Sweeps)
            {
                w.WriteStartObject();
                w.WriteString("method", s.Sweep.Method);
                w.WriteString("file", s.Sweep.File);
                Number(w, "line", s.Sweep.Line);
                Number(w, "size", s.Sweep.Size);
                w.WriteString("description", s.Sweep.Description);
                w.WriteString("status", s.Status switch { SweepStatus.Projected => "projected", SweepStatus.UnknownSize => "unknown-size", _ => "not-measured" });
                w.WriteString("explanation", s.Explanation);
                if (s.Status == SweepStatus.Projected)
                {
                    w.WriteStartObject("projected");
                    Number(w, "energyKwh", s.EnergyKwh);
                    Number(w, "energyKwhLow", s.EnergyKwhLow);
                    Number(w, "energyKwhHigh", s.EnergyKwhHigh);
                    Number(w, "emissionsKg", s.EmissionsKg);
                    Number(w, "emissionsKgLow", s.EmissionsKgLow);
                    Number(w, "emissionsKgHigh", s.EmissionsKgHigh);
                    w.WriteEndObject();
                }
                w.WriteBoolean("overBudget", s.OverBudget);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("problems");
            foreach (var p in report.Problems) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Markdown(FootprintReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Carbon footprint: {SafeText.Markdown(report.AssemblyName)}").AppendLine();
        sb.AppendLine(Summary(report, null)).AppendLine();
        sb.AppendLine(report.Ledgers.Count == 0 ? "No ledger given: nothing is measured yet."
            : "Ledgers: " + string.Join(", ", report.Ledgers.Select(l => $"`{l.Path.Replace("`", "'")}` ({l.Status}{(l.Status == "read" ? $", {l.Rows} rows" : "")})")) + ".");
        sb.AppendLine();
        if (report.CompilerLog is { } log)
            sb.AppendLine($"Compiler log: `{log.Path.Replace("`", "'")}` ({log.Status}{(log.Status == "read" ? $", {log.Sweeps} CARB001 sweep{(log.Sweeps == 1 ? "" : "s")}, {log.Added} not in the assembly's inventory" : "")}).").AppendLine();

        sb.AppendLine("## Tracked methods").AppendLine();
        if (report.Methods.Count == 0) sb.AppendLine("No `[TrackEmissions]` method in this assembly.").AppendLine();
        else
        {
            sb.AppendLine("| method | where | runs | median duration (p10–p90) | median energy per run | CPU / GPU / RAM | median CO2eq per run |");
            sb.AppendLine("|---|---|---:|---|---:|---|---:|");
            foreach (var m in report.Methods)
            {
                var where = SafeText.Markdown(m.Method.Line is { } line ? $"{m.Method.File}:{line}" : m.Method.File);
                if (!m.Measured)
                {
                    sb.AppendLine($"| {SafeText.Markdown(m.Method.Name)} | {where} | 0 | not yet measured | | | |");
                    continue;
                }
                sb.AppendLine($"| {SafeText.Markdown(m.Method.Name)} | {where} | {m.Runs} | {Units.Duration(m.DurationSeconds!.Median)} ({Units.Duration(m.DurationSeconds.P10)}–{Units.Duration(m.DurationSeconds.P90)}) | "
                    + $"{Units.Energy(m.EnergyKwh!.Median)} | {Units.Energy(m.CpuKwhMedian)} / {Units.Energy(m.GpuKwhMedian)} / {Units.Energy(m.RamKwhMedian)} | {Units.Co2(m.EmissionsKg!.Median)} |");
            }
            sb.AppendLine();
        }

        sb.AppendLine("## Sweeps").AppendLine();
        if (report.Sweeps.Count == 0) sb.AppendLine("No sweep found in this assembly.").AppendLine();
        else
        {
            sb.AppendLine("| sweep | method | size | projected energy | projected CO2eq (p10–p90) | note |");
            sb.AppendLine("|---|---|---:|---:|---|---|");
            foreach (var s in report.Sweeps)
            {
                var size = s.Sweep.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
                var energy = s.EnergyKwh is { } e ? Units.Energy(e) : "—";
                var co2 = s.EmissionsKg is { } kg ? $"{Units.Co2(kg)} ({Units.Co2(s.EmissionsKgLow!.Value)}–{Units.Co2(s.EmissionsKgHigh!.Value)})" : "—";
                var note = s.OverBudget ? $"**over the budget of {Units.Co2(report.BudgetKg!.Value)} (CARB110)**" : SafeText.Markdown(s.Explanation);
                sb.AppendLine($"| {SafeText.Markdown(s.Sweep.Location)} | {SafeText.Markdown(s.Sweep.Method)} | {size} | {energy} | {co2} | {note} |");
            }
            sb.AppendLine();
        }

        if (report.Problems.Count > 0)
        {
            sb.AppendLine("## Problems").AppendLine();
            foreach (var p in report.Problems.Take(50)) sb.AppendLine("- " + SafeText.Markdown(p));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>The one line printed per project in the build output.</summary>
    public static string Summary(FootprintReport report, string? markdownPath)
    {
        var measured = report.Methods.Count(m => m.Measured);
        var projected = report.Sweeps.Where(s => s.Status == SweepStatus.Projected).ToArray();
        var sb = new StringBuilder($"CarbonAttrs footprint: {report.AssemblyName}: {report.Methods.Count} tracked method{(report.Methods.Count == 1 ? "" : "s")} ({measured} measured), {report.Sweeps.Count} sweep{(report.Sweeps.Count == 1 ? "" : "s")}");
        if (projected.Length > 0)
            sb.Append($", projected {Units.Co2(report.ProjectedEmissionsKg)} ({Units.Co2(projected.Sum(s => s.EmissionsKgLow!.Value))}–{Units.Co2(projected.Sum(s => s.EmissionsKgHigh!.Value))}) for {projected.Length} of them");
        var unknown = report.Sweeps.Count(s => s.Status == SweepStatus.UnknownSize);
        var unmeasured = report.Sweeps.Count(s => s.Status == SweepStatus.NotMeasured);
        if (unknown > 0) sb.Append($", {unknown} of unknown size");
        if (unmeasured > 0) sb.Append($", {unmeasured} not yet measured");
        if (report.BudgetKg is { } budget) sb.Append($"; budget {Units.Co2(budget)}: {(report.OverBudget ? "exceeded" : "ok")}");
        if (markdownPath is not null) sb.Append($" -> {markdownPath}");
        return sb.ToString();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && !double.IsNaN(v) && !double.IsInfinity(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void SpreadObject(Utf8JsonWriter w, string name, Spread? s)
    {
        if (s is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteNumber("median", s.Median);
        w.WriteNumber("p10", s.P10);
        w.WriteNumber("p90", s.P90);
        w.WriteNumber("min", s.Min);
        w.WriteNumber("max", s.Max);
        w.WriteEndObject();
    }
}
