using System.Text;
using static CarbonAttrs.Footprint.Reporting.SafeText;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>The report as Markdown; charts are linked as the image files written to <c>--out</c>.</summary>
internal static class MarkdownReport
{
    /// <summary>Formats the report; <paramref name="chartFolder"/> is where the chart files are, relative to the Markdown file (null: no chart files, so no images).</summary>
    public static string Write(ReportModel model, IReadOnlyList<ChartImage> charts, string? chartFolder)
    {
        var t = model.Totals;
        var sb = new StringBuilder();
        sb.AppendLine("# Energy and carbon report").AppendLine();
        sb.AppendLine($"Ledgers: {string.Join(", ", model.Files.Select(f => "`" + f.Replace("`", "'") + "`"))}. "
                      + $"{t.Rows} rows, {t.CountedRuns} counted runs"
                      + (t.FirstStart is { } first && t.LastEnd is { } last ? $", {Units.Timestamp(first)} to {Units.Timestamp(last)}." : "."));
        sb.AppendLine();

        sb.AppendLine("## Totals").AppendLine();
        sb.AppendLine("| | value | source |").AppendLine("|---|---|---|");
        sb.AppendLine($"| Wall-clock time | {Units.Duration(t.WallSeconds)} | union of top-level windows |");
        sb.AppendLine($"| Compute time | {Units.Duration(t.ComputeSeconds)} | sum of {t.CountedRuns} top-level windows |");
        var energy = ScaledUnit.Energy(new[] { t.EnergyKwh }); // one unit for the four energy rows: no "0 kWh" among joules
        sb.AppendLine($"| Energy | {energy.FormatWithName(t.EnergyKwh)} | PUE included |");
        sb.AppendLine($"| CPU energy | {energy.FormatWithName(t.CpuKwh)} | {Markdown(string.Join(", ", t.CpuSources))} |");
        sb.AppendLine($"| GPU energy | {energy.FormatWithName(t.GpuKwh)} | {Markdown(string.Join(", ", t.GpuSources))} |");
        sb.AppendLine($"| RAM energy | {energy.FormatWithName(t.RamKwh)} | {Markdown(string.Join(", ", t.RamSources))} |");
        sb.AppendLine($"| Emissions | {Units.Co2(t.EmissionsKg)} | energy × intensity per row |");
        sb.AppendLine($"| PUE | {string.Join(" / ", t.PueValues.Select(Units.Number))} | as recorded |");
        sb.AppendLine($"| Grid intensity | {(t.IntensityGramsPerKwh is { } i ? Units.Intensity(i) : "n/a")} | {Markdown(string.Join("; ", t.IntensitySources))} |");
        sb.AppendLine($"| Intensity providers | {Markdown(IntensityProviderShare.Describe(model.IntensityProviders))} | share of rows (`intensity_source`) |");
        sb.AppendLine($"| Social cost of carbon | {Markdown(model.SocialCost.Describe(t.EmissionsKg))} | {Markdown(model.SocialCost.PriceAndSource)} |");
        sb.AppendLine();
        sb.AppendLine(CountingNote(t)).AppendLine();

        sb.AppendLine("## Energy and carbon statement").AppendLine();
        sb.AppendLine("> " + Markdown(EnergyStatement.Write(model))).AppendLine();

        foreach (var chart in charts.Where(c => !c.FileStem.StartsWith("sweep-", StringComparison.Ordinal)))
            AppendChart(sb, chart, chartFolder);

        sb.AppendLine("## Per method").AppendLine();
        sb.AppendLine("Each method's own windows; nested windows appear under their method too, so this table can add up to more than the total.").AppendLine();
        MethodTables.Energy(model).WriteMarkdown(sb);

        EfficiencySection.WriteMarkdown(sb, model);

        sb.AppendLine("## Sweeps").AppendLine();
        if (model.Sweeps.Count == 0)
            sb.AppendLine("No rows carry hyperparameters, so no sweep was found.").AppendLine();
        var index = 1;
        foreach (var sweep in model.Sweeps)
        {
            sb.AppendLine($"### {Markdown(sweep.Title)}").AppendLine();
            sb.AppendLine(Markdown($"{sweep.Points.Count} runs, {sweep.Configurations} configurations, {Units.Energy(sweep.EnergyKwh)}, {Units.Co2(sweep.EmissionsKg)}." + SweepSections.BestLine(sweep)));
            sb.AppendLine();
            if (SweepSections.ConstantLine(sweep) is { } constant)
                sb.AppendLine(Markdown(constant)).AppendLine();
            if (sweep.HasResults && ChartFor(charts, index++) is { } chart) // no charts when the Markdown goes to stdout
                AppendChart(sb, chart, chartFolder);
            SweepSections.RunTable(sweep).WriteMarkdown(sb);
            SweepSections.WriteSensitivityMarkdown(sb, sweep);
        }

        sb.AppendLine("## The same energy elsewhere").AppendLine();
        sb.AppendLine($"{Units.Energy(t.EnergyKwh)} emitted at other grids' intensity (lowest and highest countries producing at least 1 TWh a year).").AppendLine();
        sb.AppendLine("| place | intensity | emissions | source |").AppendLine("|---|---:|---:|---|");
        foreach (var r in model.Regions)
            sb.AppendLine($"| {Markdown(r.Place.Name)} | {Units.Intensity(r.Place.GramsPerKwh)} | {Units.Co2(r.EmissionsKg)} | {Markdown(r.Place.Source)} |");
        sb.AppendLine();

        AppendProblems(sb, model);
        sb.AppendLine("---").AppendLine("Intensity data: Our World in Data (CC BY 4.0) via CodeCarbon's global_energy_mix.json (MIT). Report by carbonattrs.");
        return sb.ToString();
    }

    internal static string CountingNote(Totals t)
    {
        var notes = new List<string>();
        if (t.NestedRows > 0) notes.Add($"{t.NestedRows} nested rows are inside their parent's energy and not added again");
        if (t.SupersededRows > 0) notes.Add($"{t.SupersededRows} rows repeat a run already counted (same run_id)");
        if (t.OverlappingRows > 0) notes.Add($"{t.OverlappingRows} machine-mode rows overlapped others on the same host; only their non-overlapping share counts");
        if (t.OrphanRows > 0) notes.Add($"{t.OrphanRows} rows name a parent run not in these ledgers and count as top-level");
        return notes.Count == 0 ? "Every row is a top-level run; each counts once." : "Counting: " + string.Join("; ", notes) + ".";
    }

    private static void AppendChart(StringBuilder sb, ChartImage chart, string? folder)
    {
        if (folder is null) return; // no --out: charts are only embedded in the HTML report
        var prefix = folder is "" or "." ? "" : string.Join("/", folder.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString)) + "/";
        sb.AppendLine($"![{Markdown(chart.AltText)}]({prefix}{Uri.EscapeDataString(chart.FileStem)}.png)");
        sb.AppendLine().AppendLine($"*{Markdown(chart.Title)}* ([SVG]({prefix}{Uri.EscapeDataString(chart.FileStem)}.svg))").AppendLine();
    }

    private static void AppendProblems(StringBuilder sb, ReportModel model)
    {
        if (model.Problems.Count == 0) return;
        sb.AppendLine("## Problems while reading").AppendLine();
        foreach (var p in model.Problems.Take(200))
            sb.AppendLine($"- {Markdown(p.ToString())}");
        if (model.Problems.Count > 200)
            sb.AppendLine($"- … and {model.Problems.Count - 200} more");
        sb.AppendLine();
    }

    private static ChartImage? ChartFor(IReadOnlyList<ChartImage> charts, int sweepIndex)
    {
        var stem = $"sweep-{sweepIndex}";
        return charts.FirstOrDefault(c => c.FileStem == stem);
    }
}
