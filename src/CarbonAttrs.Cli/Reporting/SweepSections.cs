using System.Globalization;
using System.Text;
using CarbonAttrs.Footprint.Reporting;
using static CarbonAttrs.Footprint.Reporting.SafeText;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// The parts of a sweep's section both reports share: the hyperparameters every run had (said once), the run table
/// (varying hyperparameters only, one energy unit, results with enough decimals to differ) and the sensitivity tables.
/// </summary>
internal static class SweepSections
{
    public const string SensitivityHeading = "Sensitivity to hyperparameters";
    private const int MaxLevels = 20;

    /// <summary>"Same in every run: epochs=5, model=Sequential"; null when nothing is constant.</summary>
    public static string? ConstantLine(Sweep sweep)
        => sweep.ConstantHyperparameters.Count == 0
            ? null
            : (sweep.Points.Count == 1 ? "Hyperparameters: " : "Same in every run: ")
              + string.Join(", ", sweep.ConstantHyperparameters.Select(p => $"{p.Key}={p.Value}")) + ".";

    /// <summary>The best result, formatted like the sweep's table.</summary>
    public static string BestLine(Sweep sweep)
        => sweep.Best is { } best
            ? $" Best result {sweep.ResultFormat.Format(best.Row.Result!.Value)}{(sweep.VaryingHyperparameters.Count > 0 ? $" ({best.Label})" : "")} at {Units.Energy(best.Row.EnergyKwh)}."
            : " No run recorded a result.";

    public static ReportTable RunTable(Sweep sweep)
    {
        var energy = ScaledUnit.Energy(sweep.Points.Select(p => p.Row.EnergyKwh));
        var co2 = ScaledUnit.Co2(sweep.Points.Select(p => p.Row.EmissionsKg));
        var format = sweep.ResultFormat;
        // The model's size, when it varies but is not what tells runs apart (it follows from the hyperparameters).
        var sizeColumn = sweep.VaryingHyperparameters.Contains("model_parameters")
                         && !SweepParameters.Distinguishing(sweep.VaryingHyperparameters).Contains("model_parameters");
        var headers = new List<string> { sweep.VaryingHyperparameters.Count > 0 ? "hyperparameters" : "run", "result" };
        if (sizeColumn) headers.Add("parameters");
        headers.AddRange(new[] { $"energy ({energy.Name})", $"CO2eq ({co2.Name.Replace(" CO2eq", "")})", "duration", "Pareto" });
        var table = new ReportTable(headers.ToArray());
        var number = 1;
        foreach (var p in sweep.Points.OrderBy(p => p.Row.EnergyKwh))
        {
            var label = sweep.VaryingHyperparameters.Count > 0 ? p.Label : "run " + (number++).ToString(CultureInfo.InvariantCulture);
            var cells = new List<Cell> { Cell.Label(label), Cell.Figure(p.Row.Result is { } r ? format.Format(r) : "") };
            if (sizeColumn) cells.Add(Cell.Figure(ParameterCount(SweepParameters.Value(p.Row, "model_parameters"))));
            cells.AddRange(new[] { Cell.Figure(energy.Format(p.Row.EnergyKwh)), Cell.Figure(co2.Format(p.Row.EmissionsKg)),
                Cell.Figure(Units.Duration(p.Row.DurationSeconds)), Cell.Figure(p.OnFrontier ? "yes" : "") });
            table.Add(p.OnFrontier ? "frontier" : null, cells.ToArray());
        }
        return table;
    }

    private static string ParameterCount(string? value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) ? count.ToString("#,0", CultureInfo.InvariantCulture) : value ?? "";

    /// <summary>One table per varying hyperparameter: its values, runs, mean and best result, mean energy.</summary>
    public static IReadOnlyList<(string Hyperparameter, ReportTable Table)> SensitivityTables(Sweep sweep)
    {
        var tables = new List<(string, ReportTable)>();
        var results = sweep.Points.Where(p => p.Row.Result is not null).Select(p => p.Row.Result!.Value).ToArray();
        foreach (var sensitivity in SweepParameters.SensitivityOf(sweep))
        {
            // The runs' results and this table's means: enough decimals to tell each apart.
            var format = ResultFormat.For(results.Concat(sensitivity.Levels.Where(l => l.MeanResult is not null).Select(l => l.MeanResult!.Value)));
            var energy = ScaledUnit.Energy(sensitivity.Levels.Select(l => l.MeanEnergyKwh));
            var table = new ReportTable(sensitivity.Hyperparameter, "runs", "mean result", "best result", $"mean energy ({energy.Name})");
            foreach (var level in sensitivity.Levels.Take(MaxLevels))
                table.Add(Cell.Label(level.Value), Cell.Figure(level.Runs.ToString(CultureInfo.InvariantCulture)),
                    Cell.Figure(level.MeanResult is { } mean ? format.Format(mean) : ""), Cell.Figure(level.BestResult is { } best ? format.Format(best) : ""),
                    Cell.Figure(energy.Format(level.MeanEnergyKwh)));
            if (sensitivity.Levels.Count > MaxLevels) // a random search: every run its own value; the run table lists them all
                table.Add(Cell.Label($"… {sensitivity.Levels.Count - MaxLevels} more values"), Cell.Figure(""), Cell.Figure(""), Cell.Figure(""), Cell.Figure(""));
            tables.Add((sensitivity.Hyperparameter, table));
        }
        return tables;
    }

    public static void WriteSensitivityMarkdown(StringBuilder sb, Sweep sweep)
    {
        var tables = SensitivityTables(sweep);
        if (tables.Count == 0)
            return;
        sb.AppendLine($"#### {SensitivityHeading}").AppendLine();
        sb.AppendLine("Result and energy per value of each hyperparameter that varies (means over the runs with that value).").AppendLine();
        foreach (var (_, table) in tables)
            table.WriteMarkdown(sb);
    }

    public static void WriteSensitivityHtml(StringBuilder sb, Sweep sweep)
    {
        var tables = SensitivityTables(sweep);
        if (tables.Count == 0)
            return;
        sb.Append("<h4>").Append(SensitivityHeading).AppendLine("</h4>");
        sb.AppendLine("<p class=\"muted\">Result and energy per value of each hyperparameter that varies (means over the runs with that value).</p>");
        sb.AppendLine("<div class=\"sensitivity\">");
        foreach (var (_, table) in tables)
            table.WriteHtml(sb);
        sb.AppendLine("</div>");
    }

    public static string ConstantLineHtml(Sweep sweep) => ConstantLine(sweep) is { } line ? $"<p class=\"muted\">{Html(line)}</p>" : "";
}
