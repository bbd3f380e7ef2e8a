using CarbonAttrs.Cli.Ledgers;
using ScottPlot;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>One rendered chart: PNG for the HTML report and SVG for papers.</summary>
internal sealed record ChartImage(string FileStem, string Title, string AltText, byte[] Png, string Svg);

/// <summary>Draws the report's charts with ScottPlot (SkiaSharp underneath; no display needed).</summary>
internal static class Charts
{
    public const int Width = 900;
    public const int Height = 520;
    internal const int MaxLabelledPoints = 15;

    // ScottPlot's own default resolves to a serif face on many Linux boxes; prefer a common sans family that is installed.
    internal static readonly string SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }
        .FirstOrDefault(SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains) ?? Fonts.Sans;

    internal static readonly Color Accent = Color.FromHex("#d9480f");
    internal static readonly Color Muted = Color.FromHex("#1c7ed6");
    private static readonly Color[] Palette = { Color.FromHex("#1c7ed6"), Color.FromHex("#2f9e44"), Color.FromHex("#d9480f"), Color.FromHex("#7048e8"), Color.FromHex("#e8590c"), Color.FromHex("#0c8599"), Color.FromHex("#c2255c"), Color.FromHex("#5c940d") };

    public static IReadOnlyList<ChartImage> Render(ReportModel model, SweepAxis x = SweepAxis.Energy)
    {
        var charts = new List<ChartImage>();
        if (model.Totals.EnergyKwh > 0)
            charts.Add(Breakdown(model.Totals));
        if (model.Timeline.Count > 0)
            charts.Add(EnergyOverTime(model.Timeline));
        var index = 1;
        foreach (var sweep in model.Sweeps.Where(s => s.HasResults))
            charts.Add(SweepChart(sweep, index++, x == SweepAxis.Flops && sweep.Points.Any(p => p.Row.Result is not null && p.Row.Flops is > 0) ? SweepAxis.Flops : SweepAxis.Energy));
        return charts;
    }

    /// <summary>Wh for everyday runs, kWh for big ones, so axis numbers stay readable.</summary>
    public static (double Factor, string Unit) EnergyScale(double maxKwh) => maxKwh >= 10 ? (1, "kWh") : maxKwh >= 0.01 ? (1000, "Wh") : (3.6e6, "J");

    private static ChartImage Breakdown(Totals totals)
    {
        var (factor, unit) = EnergyScale(new[] { totals.CpuKwh, totals.GpuKwh, totals.RamKwh }.Max());
        var plot = new Plot();
        var values = new[] { totals.CpuKwh * factor, totals.GpuKwh * factor, totals.RamKwh * factor };
        var names = new[] { "CPU", "GPU", "RAM" };
        for (var i = 0; i < values.Length; i++)
        {
            plot.Add.Bar(new Bar
            {
                Position = i,
                Value = values[i],
                FillColor = Palette[i],
                Label = Units.Number(values[i]) + " " + unit,
            });
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(new double[] { 0, 1, 2 }, names);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Energy by component");
        plot.YLabel($"Energy ({unit}, PUE included)");
        var shared = ScaledUnit.Energy(new[] { totals.CpuKwh, totals.GpuKwh, totals.RamKwh }); // one unit: no "0 kWh" next to Wh
        var alt = $"Bar chart of energy by component: CPU {shared.FormatWithName(totals.CpuKwh)}, GPU {shared.FormatWithName(totals.GpuKwh)}, RAM {shared.FormatWithName(totals.RamKwh)}.";
        return Save(plot, "energy-by-component", "Energy by component", alt);
    }

    private static ChartImage EnergyOverTime(IReadOnlyList<CountedRow> timeline)
    {
        var (factor, unit) = EnergyScale(timeline.Max(c => c.EnergyKwh));
        var plot = new Plot();
        var groups = timeline.GroupBy(c => c.Row.Method).OrderByDescending(g => g.Sum(c => c.EnergyKwh)).ToArray();
        for (var i = 0; i < groups.Length; i++)
        {
            // Methods past the palette share the last series, so the legend stays short.
            var items = i < Palette.Length - 1 ? groups[i].ToArray() : groups.Skip(i).SelectMany(g => g).ToArray();
            var scatter = plot.Add.ScatterPoints(
                items.Select(c => c.Row.End.UtcDateTime.ToOADate()).ToArray(),
                items.Select(c => c.EnergyKwh * factor).ToArray(),
                Palette[i % Palette.Length]);
            scatter.MarkerSize = 8;
            scatter.LegendText = i < Palette.Length - 1 ? Shorten(groups[i].Key, 40) : "other methods";
            if (i >= Palette.Length - 1) break;
        }
        plot.Axes.DateTimeTicksBottom();
        SweepAxes.FitTimeline(plot, timeline.Select(c => (c.Row.Start, c.Row.End)).ToArray(), timeline.Max(c => c.EnergyKwh) * factor);
        plot.Title("Energy per run over time");
        plot.XLabel("Run end (UTC)");
        plot.YLabel($"Energy per run ({unit})");
        plot.ShowLegend(Alignment.UpperLeft);
        var alt = $"Scatter chart of the energy of {timeline.Count} counted runs against their end time, one colour per method.";
        return Save(plot, "energy-over-time", "Energy per run over time", alt);
    }

    private static ChartImage SweepChart(Sweep sweep, int index, SweepAxis axis = SweepAxis.Energy)
    {
        // --x flops: FLOPs per run on the x axis (runs without a FLOP count left out), its own Pareto frontier.
        var byFlops = axis == SweepAxis.Flops;
        var points = sweep.Points.Where(p => p.Row.Result is not null && (!byFlops || p.Row.Flops is > 0)).ToArray();
        double Cost(SweepPoint p) => byFlops ? p.Row.Flops!.Value : p.Row.EnergyKwh;
        var (factor, unit) = byFlops ? FlopScale(points.Max(Cost)) : EnergyScale(points.Max(Cost));
        var onFrontier = byFlops ? SweepAxes.FrontierBy(points, Cost) : points.Where(p => p.OnFrontier).ToHashSet();
        var resultFormat = sweep.ResultFormat;
        var plot = new Plot();
        var all = plot.Add.ScatterPoints(points.Select(p => Cost(p) * factor).ToArray(), points.Select(p => p.Row.Result!.Value).ToArray(), Muted);
        all.MarkerSize = 9;
        all.LegendText = "configuration";

        var frontier = points.Where(onFrontier.Contains).OrderBy(Cost).ToArray();
        var line = plot.Add.Scatter(frontier.Select(p => Cost(p) * factor).ToArray(), frontier.Select(p => p.Row.Result!.Value).ToArray(), Accent);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        line.MarkerSize = 12;
        line.MarkerShape = MarkerShape.OpenCircle;
        line.LegendText = byFlops ? "Pareto frontier (fewer FLOPs, higher result)" : "Pareto frontier (less energy, higher result)";

        // Label the frontier, and every point when there are few enough to read; labels name only what varies.
        var labelled = points.Length <= MaxLabelledPoints ? points : frontier;
        foreach (var point in labelled)
        {
            var text = plot.Add.Text(Shorten(point.Label, 48), Cost(point) * factor, point.Row.Result!.Value);
            text.LabelFontSize = 11;
            text.LabelFontName = SansFont;
            text.LabelBackgroundColor = new Color(255, 255, 255, 190);
            text.LabelFontColor = onFrontier.Contains(point) ? Accent : Colors.DimGray;
            text.OffsetX = 7;
            text.OffsetY = -7;
        }
        plot.Axes.Margins(left: 0.05, right: 0.3, bottom: 0.1, top: 0.12); // room for the labels right of the points
        SweepAxes.FitFewPoints(plot, points.Select(p => Cost(p) * factor).ToArray(), points.Select(p => p.Row.Result!.Value).ToArray());
        var what = byFlops ? "FLOPs" : "energy";
        plot.Title($"Accuracy vs {what}: {Shorten(sweep.Title, 50)}");
        plot.XLabel(byFlops ? $"FLOPs per run ({unit})" : $"Energy per run ({unit})");
        plot.YLabel("Result (accuracy)");
        plot.ShowLegend(Alignment.LowerRight);
        var alt = $"Scatter chart of result against {what} for {points.Length} runs of sweep {sweep.Title}; {frontier.Length} on the Pareto frontier: "
                  + string.Join("; ", frontier.Select(p => $"{p.Label} → {resultFormat.Format(p.Row.Result!.Value)} at "
                      + (byFlops ? EfficiencyStatement.Flops(p.Row.Flops!.Value, "FLOP") : Units.Energy(p.Row.EnergyKwh))));
        return Save(plot, $"sweep-{index}", $"Accuracy vs {what}: {sweep.Title}", alt);
    }

    /// <summary>An SI prefix of FLOP for the axis: the largest that keeps the biggest figure at 1 or more.</summary>
    public static (double Factor, string Unit) FlopScale(double maxFlops)
    {
        var unit = ScaledUnit.Si(new[] { maxFlops }, "FLOP");
        return (unit.Factor, unit.Name);
    }

    internal static ChartImage Save(Plot plot, string stem, string title, string alt)
    {
        plot.Font.Set(SansFont);
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var svg = plot.GetSvgXml(Width, Height);
        return new ChartImage(stem, title, alt, png, svg);
    }

    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
