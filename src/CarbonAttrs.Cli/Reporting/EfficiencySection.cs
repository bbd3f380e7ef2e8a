using System.Text;
using CarbonAttrs.Footprint.Reporting;
using static CarbonAttrs.Footprint.Reporting.SafeText;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// The report's "Efficiency" section: FLOPs per run, samples, joules per sample, FLOPs per sample, achieved FLOP/s
/// and joules per TFLOP, per method and per sweep run. Written only when some row counted FLOPs or samples.
/// </summary>
internal static class EfficiencySection
{
    public const string Heading = "Efficiency";
    public const string Intro = "Computational cost next to energy (Schwartz et al., \"Green AI\"). FLOPs are 2 × multiply-accumulates of the counted layers, × 3 for a step with gradients (forward and backward); each ratio uses only the runs that recorded both of its terms.";
    public const string Absent = "No row recorded FLOPs or samples. Count them with CarbonTorch.CountFlops(model) (CarbonAttrs.TorchSharp), or CarbonWindow.AddFlops / RecordSamples.";

    public static bool Applies(ReportModel model) => model.Efficiency.Count > 0;

    public static void WriteMarkdown(StringBuilder sb, ReportModel model)
    {
        sb.AppendLine("## " + Heading).AppendLine();
        if (!Applies(model))
        {
            sb.AppendLine(Markdown(Absent)).AppendLine();
            return;
        }
        sb.AppendLine(Markdown(Intro)).AppendLine();
        MethodTable(model).WriteMarkdown(sb);
        foreach (var sweep in model.Sweeps)
        {
            if (SweepTable(sweep) is not { } table)
                continue;
            sb.AppendLine($"### {Markdown(sweep.Title)}").AppendLine();
            table.WriteMarkdown(sb);
        }
    }

    public static void WriteHtml(StringBuilder sb, ReportModel model)
    {
        sb.Append("<h2 id=\"efficiency\">").Append(Heading).AppendLine("</h2>");
        if (!Applies(model))
        {
            sb.Append("<p class=\"muted\">").Append(Html(Absent)).AppendLine("</p>");
            return;
        }
        sb.Append("<p class=\"muted\">").Append(Html(Intro)).AppendLine("</p>");
        MethodTable(model).WriteHtml(sb);
        foreach (var sweep in model.Sweeps)
        {
            if (SweepTable(sweep) is not { } table)
                continue;
            sb.Append("<h3>").Append(Html(sweep.Title)).AppendLine("</h3>");
            table.WriteHtml(sb);
        }
    }

    internal static ReportTable MethodTable(ReportModel model)
    {
        var rows = model.Efficiency;
        var units = FigureUnits.For(rows.Select(m => m.Figures).ToArray());
        var table = new ReportTable("method", "runs", units.FlopsHeader("FLOPs per run"), units.SamplesHeader("samples"),
            units.JoulesPerSampleHeader(), units.FlopsPerSampleHeader(), units.FlopRateHeader(), "J per TFLOP");
        foreach (var m in rows)
        {
            var cells = units.Cells(m.Figures);
            table.Add(Cell.Label(m.Method), Cell.Figure(m.Figures.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
        }
        return table;
    }

    /// <summary>One row per run of the sweep, labelled by its varying hyperparameters; null when no run counted anything.</summary>
    internal static ReportTable? SweepTable(Sweep sweep)
    {
        var figures = sweep.Points.Select(p => EfficiencyFigures.Of(new[] { p.Row })).ToArray();
        if (!figures.Any(f => f.Known))
            return null;
        var units = FigureUnits.For(figures);
        var format = sweep.ResultFormat;
        var table = new ReportTable("hyperparameters", "result", units.FlopsHeader("FLOPs"), units.SamplesHeader("samples"),
            units.JoulesPerSampleHeader(), units.FlopsPerSampleHeader(), units.FlopRateHeader(), "J per TFLOP");
        foreach (var (point, f) in sweep.Points.Zip(figures).OrderBy(x => x.First.Row.EnergyKwh))
        {
            var cells = units.Cells(f);
            table.Add(point.OnFrontier ? "frontier" : null, Cell.Label(point.Label),
                Cell.Figure(point.Row.Result is { } r ? format.Format(r) : ""), cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
        }
        return table;
    }

    /// <summary>One unit per column, from the column's largest figure.</summary>
    private sealed record FigureUnits(ScaledUnit Flops, ScaledUnit Samples, ScaledUnit JoulesPerSample, ScaledUnit FlopsPerSample, ScaledUnit FlopRate)
    {
        public static FigureUnits For(IReadOnlyList<EfficiencyFigures> figures) => new(
            ScaledUnit.Si(figures.Select(f => f.FlopsPerRun ?? 0), "FLOP"),
            ScaledUnit.Si(figures.Select(f => f.Samples), ""),
            ScaledUnit.Joules(figures.Select(f => f.JoulesPerSample ?? 0)),
            ScaledUnit.Si(figures.Select(f => f.FlopsPerSample ?? 0), "FLOP"),
            ScaledUnit.Si(figures.Select(f => f.FlopsPerSecond ?? 0), "FLOP/s"));

        public string FlopsHeader(string name) => $"{name} ({Flops.Name})";
        public string SamplesHeader(string name) => Samples.Name.Length > 0 ? $"{name} ({Samples.Name})" : name;
        public string JoulesPerSampleHeader() => $"energy per sample ({JoulesPerSample.Name})";
        public string FlopsPerSampleHeader() => $"per sample ({FlopsPerSample.Name})";
        public string FlopRateHeader() => $"achieved ({FlopRate.Name})";

        public Cell[] Cells(EfficiencyFigures f) => new[]
        {
            Cell.Figure(f.FlopsPerRun is { } flops ? Flops.Format(flops) : ""),
            Cell.Figure(f.RunsWithSamples > 0 ? Samples.Format(f.Samples) : ""),
            Cell.Figure(f.JoulesPerSample is { } jps ? JoulesPerSample.Format(jps) : ""),
            Cell.Figure(f.FlopsPerSample is { } fps ? FlopsPerSample.Format(fps) : ""),
            Cell.Figure(f.FlopsPerSecond is { } rate ? FlopRate.Format(rate) : ""),
            Cell.Figure(f.JoulesPerTeraflop is { } jpt ? Units.Number(jpt) : ""),
        };
    }
}
