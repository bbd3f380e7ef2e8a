using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CarbonAttrs.Samples.MLNet;

/// <summary>
/// The tables printed at the end: what each configuration cost (then the grid's total), and where each figure comes
/// from. Spectre.Console sizes every column to its longest cell, so long source labels
/// (<c>estimated:cpu-time(interpolated)</c>) never push a column out of line. On a terminal the tables are rounded
/// boxes fitted to the window (headers on two lines, long cells wrapped inside their column); redirected, they are
/// ASCII tables with every row on one line, for logs and scripts.
/// </summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<ConfigResult> results, CarbonMeasurement? grid, IAnsiConsole console)
    {
        var live = console.IsLive();
        var rows = results.Select((r, i) => (Number: (i + 1).ToString(CultureInfo.InvariantCulture), Result: (ConfigResult?)r, Measurement: r.Measurement))
            .Append((Number: "all", Result: null, Measurement: grid))
            .ToList();

        var figures = NewTable(live, [("#", true), ("leaves", true), ("lr", false), ("test acc.", true), ("time (s)", true), ("energy (J)", true),
            ("CO2eq (mg)", true)]);
        foreach (var (number, result, measurement) in rows)
        {
            figures.AddRow([Cell(number),
                Cell(result is null ? "grid" : result.NumberOfLeaves), Cell(result?.LearningRate ?? (object)"-"),
                Cell(result is null ? "-" : result.Accuracy.ToString("P1", CultureInfo.InvariantCulture)),
                .. Figures(measurement)]);
        }

        // Sources get a table of their own: next to the figures they would squeeze a 100-column terminal.
        var components = new[] { "cpu", "gpu", "ram" }.Where(c => rows.Any(r => r.Measurement is { } m && Source(m, c) != "none")).ToArray();
        var sources = NewTable(live, [("#", true), .. components.Select(c => ($"{c} source", false)), ("CO2eq source", false)]);
        // Source labels have no space to wrap at (estimated:cpu-time(interpolated)): the intensity source, which has, wraps instead.
        foreach (var column in sources.Columns.Skip(1).Take(components.Length))
            column.NoWrap();
        foreach (var (number, _, measurement) in rows)
        {
            sources.AddRow(measurement is null
                ? [Cell(number), .. components.Select(_ => Cell("(not measured)")), Cell("(not measured)")]
                : [Cell(number), .. components.Select(c => Cell(Source(measurement, c))), Cell(measurement.Intensity.Source)]);
        }

        console.WriteLine();
        console.Write(figures);
        console.Write(sources);
        console.WriteLine("#all: the whole grid, measured as one window.");

        var best = results.OrderByDescending(r => r.Accuracy).FirstOrDefault();
        if (best is not null)
            console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Best: {0} leaves, lr {1}: {2:P1} test accuracy{3}.",
                best.NumberOfLeaves, best.LearningRate, best.Accuracy,
                best.Measurement is null ? "" : string.Format(CultureInfo.InvariantCulture, " for {0:F1} J", Joules(best.Measurement))));
        if (results.Any(r => r.Measurement is null))
            console.WriteLine("Some configurations were not measured: the CarbonAttrs generator did not intercept the [TrackEmissions] calls (is it referenced as an analyzer?).");
        else if (results.FirstOrDefault()?.Measurement is { } m)
            console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Time is measured (monotonic clock). CO2eq = energy x PUE {0} x {1} g/kWh. Sources named 'estimated:*' are estimates, not meter readings.",
                m.Pue, m.Intensity.GramsPerKwh));
    }

    /// <summary>A table with these columns (right-aligned when the flag is set). On a terminal headers break at spaces to leave room for the cells.</summary>
    private static Table NewTable(bool live, (string Header, bool RightAligned)[] columns)
    {
        var table = new Table().Border(live ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var (header, rightAligned) in columns)
        {
            var column = new TableColumn(new Text(live ? header.Replace(' ', '\n') : header));
            table.AddColumn(rightAligned ? column.RightAligned() : column);
        }
        return table;
    }

    private static double Joules(CarbonMeasurement m) => m.ItJoules * m.Pue;

    /// <summary>A cell of plain text: labels are never read as Spectre markup (a '[' in a label stays a '[').</summary>
    private static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    private static IRenderable[] Figures(CarbonMeasurement? m)
    {
        if (m is null)
            return [Cell("-"), Cell("-"), Cell("-")];
        return
        [
            Cell(m.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)),
            Cell(Joules(m).ToString("F1", CultureInfo.InvariantCulture)),
            Cell((m.EmissionsKg * 1e6).ToString("F2", CultureInfo.InvariantCulture)),
        ];
    }

    private static string Source(CarbonMeasurement m, string component) => component switch
    {
        "cpu" => m.CpuSource,
        "gpu" => m.GpuSource,
        _ => m.RamSource,
    };
}
