using System.Text;
using static CarbonAttrs.Footprint.Reporting.SafeText;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// The report as one self-contained HTML file: styles inline, charts embedded as PNG data URIs, no scripts
/// (a Content-Security-Policy forbids them and any remote load). Every value from a ledger is HTML-encoded.
/// </summary>
internal static class HtmlReport
{
    public const string ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    public static string Write(ReportModel model, IReadOnlyList<ChartImage> charts)
    {
        var t = model.Totals;
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">");
        sb.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.AppendLine("<title>Energy and carbon report</title>");
        sb.AppendLine("<style>");
        sb.AppendLine("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#212529;line-height:1.45}");
        sb.AppendLine("h1{margin-bottom:.2rem}h2{border-bottom:1px solid #dee2e6;padding-bottom:.2rem;margin-top:2rem}");
        sb.AppendLine("table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}th,td{border:1px solid #dee2e6;padding:.3rem .55rem;text-align:left;vertical-align:top}");
        sb.AppendLine("th{background:#f1f3f5}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}");
        sb.AppendLine(".cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}.card{border:1px solid #dee2e6;border-radius:6px;padding:.6rem .9rem;min-width:150px}");
        sb.AppendLine(".card b{display:block;font-size:1.35rem}.muted{color:#6c757d;font-size:.9rem}");
        sb.AppendLine("figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #dee2e6}figcaption{color:#6c757d;font-size:.9rem}");
        sb.AppendLine("blockquote{border-left:4px solid #2f9e44;margin:1rem 0;padding:.5rem 1rem;background:#f8f9fa}");
        sb.AppendLine(".sensitivity{display:flex;flex-wrap:wrap;gap:0 1rem}.sensitivity table{font-size:.85rem}");
        sb.AppendLine(".frontier{color:#d9480f;font-weight:600}.problems li{font-family:ui-monospace,monospace;font-size:.85rem}");
        sb.AppendLine("</style></head><body>");

        sb.AppendLine("<h1>Energy and carbon report</h1>");
        sb.Append("<p class=\"muted\">").Append(t.Rows).Append(" rows from ").Append(model.Files.Count).Append(" ledger file").Append(model.Files.Count == 1 ? "" : "s").Append(": ")
          .Append(string.Join(", ", model.Files.Select(f => "<code>" + Html(f) + "</code>")));
        if (t.FirstStart is { } first && t.LastEnd is { } last)
            sb.Append("; ").Append(Figure(Units.Timestamp(first))).Append(" to ").Append(Figure(Units.Timestamp(last)));
        sb.AppendLine(".</p>");

        sb.AppendLine("<div class=\"cards\">");
        Card(sb, "Energy", Units.Energy(t.EnergyKwh));
        Card(sb, "Emissions", Units.Co2(t.EmissionsKg));
        Card(sb, "Wall-clock time", Units.Duration(t.WallSeconds));
        Card(sb, "Runs counted", t.CountedRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (t.IntensityGramsPerKwh is { } intensity) Card(sb, "Grid intensity", Units.Intensity(intensity));
        sb.AppendLine("</div>");

        sb.AppendLine("<h2 id=\"totals\">Totals</h2>");
        sb.AppendLine("<table><thead><tr><th></th><th>value</th><th>source</th></tr></thead><tbody>");
        Row(sb, "Wall-clock time", Units.Duration(t.WallSeconds), "union of top-level windows");
        Row(sb, "Compute time", Units.Duration(t.ComputeSeconds), $"sum of {t.CountedRuns} top-level windows");
        var energy = ScaledUnit.Energy(new[] { t.EnergyKwh }); // one unit for the four energy rows: no "0 kWh" among joules
        Row(sb, "Energy", energy.FormatWithName(t.EnergyKwh), "PUE included");
        Row(sb, "CPU energy", energy.FormatWithName(t.CpuKwh), string.Join(", ", t.CpuSources));
        Row(sb, "GPU energy", energy.FormatWithName(t.GpuKwh), string.Join(", ", t.GpuSources));
        Row(sb, "RAM energy", energy.FormatWithName(t.RamKwh), string.Join(", ", t.RamSources));
        Row(sb, "Emissions", Units.Co2(t.EmissionsKg), "energy × intensity per row");
        Row(sb, "PUE", string.Join(" / ", t.PueValues.Select(Units.Number)), "as recorded");
        Row(sb, "Grid intensity", t.IntensityGramsPerKwh is { } gi ? Units.Intensity(gi) : "n/a", string.Join("; ", t.IntensitySources));
        Row(sb, "Intensity providers", IntensityProviderShare.Describe(model.IntensityProviders), "share of rows (intensity_source)");
        Row(sb, "Social cost of carbon", model.SocialCost.Describe(t.EmissionsKg), model.SocialCost.PriceAndSource);
        sb.AppendLine("</tbody></table>");
        sb.Append("<p class=\"muted\">").Append(Html(MarkdownReport.CountingNote(t))).AppendLine("</p>");

        sb.AppendLine("<h2 id=\"statement\">Energy and carbon statement</h2>");
        sb.Append("<blockquote>").Append(Html(EnergyStatement.Write(model))).AppendLine("</blockquote>");

        foreach (var chart in charts.Where(c => !c.FileStem.StartsWith("sweep-", StringComparison.Ordinal)))
            Chart(sb, chart);

        sb.AppendLine("<h2 id=\"methods\">Per method</h2>");
        sb.AppendLine("<p class=\"muted\">Each method's own windows; nested windows appear under their method too, so this table can add up to more than the total.</p>");
        MethodTables.Energy(model).WriteHtml(sb);

        EfficiencySection.WriteHtml(sb, model);

        sb.AppendLine("<h2 id=\"sweeps\">Sweeps</h2>");
        if (model.Sweeps.Count == 0)
            sb.AppendLine("<p>No rows carry hyperparameters, so no sweep was found.</p>");
        var index = 1;
        foreach (var sweep in model.Sweeps)
        {
            sb.Append("<h3>").Append(Html(sweep.Title)).AppendLine("</h3>");
            sb.Append("<p>").Append(Html($"{sweep.Points.Count} runs, {sweep.Configurations} configurations, {Units.Energy(sweep.EnergyKwh)}, {Units.Co2(sweep.EmissionsKg)}." + SweepSections.BestLine(sweep)));
            sb.AppendLine("</p>");
            sb.AppendLine(SweepSections.ConstantLineHtml(sweep));
            if (sweep.HasResults)
                Chart(sb, ChartFor(charts, index++));
            SweepSections.RunTable(sweep).WriteHtml(sb);
            SweepSections.WriteSensitivityHtml(sb, sweep);
        }

        sb.AppendLine("<h2 id=\"regions\">The same energy elsewhere</h2>");
        sb.Append("<p>").Append(Figure(Units.Energy(t.EnergyKwh))).AppendLine(" emitted at other grids' intensity (lowest and highest countries producing at least 1 TWh a year).</p>");
        sb.AppendLine("<table><thead><tr><th>place</th><th>intensity</th><th>emissions</th><th>source</th></tr></thead><tbody>");
        foreach (var r in model.Regions)
        {
            sb.Append("<tr><td>").Append(Html(r.Place.Name)).Append("</td>");
            Numbers(sb, Units.Intensity(r.Place.GramsPerKwh), Units.Co2(r.EmissionsKg));
            sb.Append("<td>").Append(Html(r.Place.Source)).AppendLine("</td></tr>");
        }
        sb.AppendLine("</tbody></table>");

        if (model.Problems.Count > 0)
        {
            sb.AppendLine("<h2 id=\"problems\">Problems while reading</h2><ul class=\"problems\">");
            foreach (var p in model.Problems.Take(200))
                sb.Append("<li>").Append(Html(p.ToString())).AppendLine("</li>");
            if (model.Problems.Count > 200)
                sb.Append("<li>… and ").Append(model.Problems.Count - 200).AppendLine(" more</li>");
            sb.AppendLine("</ul>");
        }

        sb.AppendLine("<p class=\"muted\">Intensity data: Our World in Data (CC BY 4.0) via CodeCarbon's global_energy_mix.json (MIT). Report by carbonattrs.</p>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string label, string value)
        => sb.Append("<div class=\"card\"><span class=\"muted\">").Append(Figure(label)).Append("</span><b>").Append(Figure(value)).AppendLine("</b></div>");

    private static void Row(StringBuilder sb, string label, string value, string source)
        => sb.Append("<tr><th>").Append(Figure(label)).Append("</th><td class=\"n\">").Append(Figure(value)).Append("</td><td>").Append(Html(source)).AppendLine("</td></tr>");

    private static void Numbers(StringBuilder sb, params string[] values)
    {
        foreach (var value in values)
            sb.Append("<td class=\"n\">").Append(Figure(value)).Append("</td>");
    }

    private static void Chart(StringBuilder sb, ChartImage chart)
    {
        sb.Append("<figure><img class=\"chart\" width=\"").Append(Charts.Width).Append("\" height=\"").Append(Charts.Height)
          .Append("\" alt=\"").Append(Html(chart.AltText)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png)).Append("\">")
          .Append("<figcaption>").Append(Html(chart.Title)).AppendLine("</figcaption></figure>");
    }

    private static ChartImage ChartFor(IReadOnlyList<ChartImage> charts, int sweepIndex)
    {
        var stem = $"sweep-{sweepIndex}";
        return charts.First(c => c.FileStem == stem);
    }
}
