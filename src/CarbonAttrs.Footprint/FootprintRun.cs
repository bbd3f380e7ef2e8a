using System.Globalization;
using System.Text;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Footprint;

/// <summary>
/// One footprint run, shared by the build runner (<see cref="Program"/>) and <c>carbonattrs footprint</c>: reads the
/// inventory, builds the report, writes carbon-footprint.json/.md, prints one summary line on <c>output</c> and one
/// MSBuild-canonical CARB110 error per sweep over budget on <c>error</c>.
/// </summary>
internal static class FootprintRun
{
    /// <summary>Written (within budget or no budget).</summary>
    public const int Success = 0;
    /// <summary>A sweep's projection exceeds the budget (CARB110 printed).</summary>
    public const int OverBudget = 1;
    /// <summary>The assembly could not be read or the report could not be written.</summary>
    public const int Failure = 2;

    public const string JsonFileName = "carbon-footprint.json";
    public const string MarkdownFileName = "carbon-footprint.md";

    /// <param name="compilerLog">The compiler's SARIF error log, whose CARB001 results list sweeps the inventory lacks (untracked ones); null: none.</param>
    public static int Execute(TextWriter output, TextWriter error, string assemblyPath, IReadOnlyList<string> ledgers, string outDir, double? budgetKg,
        CompilerLogInput? compilerLog = null)
    {
        AssemblyInventory inventory;
        try
        {
            inventory = AssemblyInventory.Read(assemblyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidDataException)
        {
            error.WriteLine($"error: cannot read the inventory of {assemblyPath}: {ex.Message}");
            return Failure;
        }

        var logSweeps = compilerLog is null ? null : CompilerLogSweeps.Read(compilerLog);
        var report = FootprintReport.Build(inventory, assemblyPath, ledgers, budgetKg, logSweeps);
        var mdPath = Path.Combine(outDir, MarkdownFileName);
        try
        {
            Directory.CreateDirectory(outDir);
            WriteIfChanged(Path.Combine(outDir, JsonFileName), FootprintWriter.Json(report));
            WriteIfChanged(mdPath, FootprintWriter.Markdown(report));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: the footprint report could not be written to {outDir}: {ex.Message}");
            return Failure;
        }

        output.WriteLine(FootprintWriter.Summary(report, mdPath));
        foreach (var sweep in report.Sweeps.Where(s => s.OverBudget))
            error.WriteLine(OverBudgetError(sweep, budgetKg!.Value));
        return report.OverBudget ? OverBudget : Success;
    }

    /// <summary>MSBuild canonical error format (<c>origin: error CODE: text</c>), so a build surfaces it as an error at the sweep's line.</summary>
    internal static string OverBudgetError(SweepFootprint s, double budgetKg)
    {
        var origin = s.Sweep.File.Length > 0 ? s.Sweep.Location + ": " : "";
        return $"{origin}error CARB110: sweep at {s.Sweep.Location} runs {s.Sweep.Method} {s.Sweep.Size.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)} times: "
               + $"projected {Units.Co2(s.EmissionsKg!.Value)} (range {Units.Co2(s.EmissionsKgLow!.Value)}–{Units.Co2(s.EmissionsKgHigh!.Value)}, {Units.Energy(s.EnergyKwh!.Value)}) "
               + $"exceeds the carbon budget of {Units.Co2(budgetKg)} (CarbonBudgetKgCO2e)";
    }

    /// <summary>Ledger arguments: each may hold several paths separated by ';' (an MSBuild list).</summary>
    public static string[] SplitLedgers(IEnumerable<string> values)
        => values.SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    // Unchanged content keeps the file's timestamp, so incremental builds see no new output.
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
