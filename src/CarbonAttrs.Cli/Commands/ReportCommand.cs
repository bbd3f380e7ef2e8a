using System.CommandLine;
using System.Text;
using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Terminal;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Commands;

/// <summary><c>carbonattrs report</c>: merge ledgers and write Markdown/HTML reports with charts.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "emissions.csv ledgers (CarbonAttrs or CodeCarbon format) or folders holding them; runs, ranks and hosts are merged.",
            Arity = ArgumentArity.OneOrMore,
        };
        var html = new Option<FileInfo?>("--html") { Description = "Write a self-contained HTML report (charts embedded) to this file.", HelpName = "FILE" };
        var md = new Option<FileInfo?>("--md") { Description = "Write a Markdown report to this file (charts linked from --out).", HelpName = "FILE" };
        var outDir = new Option<DirectoryInfo?>("--out", "-o")
        {
            Description = "Write the charts as PNG and SVG to this folder; without --html or --md, also report.html and report.md.",
            HelpName = "DIR",
        };
        var scc = new Option<double?>("--scc-usd-per-tonne")
        {
            Description = "Social cost of carbon in US dollars per tonne CO2eq for the report's cost line (default: US EPA 2023, $190/t at a 2 % discount rate, range $120–$340 at 2.5 %–1.5 %, 2020 dollars). Never written to a ledger.",
            HelpName = "USD",
        };
        scc.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is { } v && (v < 0 || double.IsNaN(v) || double.IsInfinity(v))) r.AddError("--scc-usd-per-tonne must be a number of US dollars, 0 or more (e.g. 190)."); });
        var xAxis = new Option<SweepAxis>("--x")
        {
            Description = "What the accuracy chart of each sweep plots the result against: energy (default) or flops (FLOPs per run, for runs that counted them).",
            DefaultValueFactory = _ => SweepAxis.Energy,
        };
        var command = new Command("report", "Merge ledgers into a report: totals, per method, per sweep (accuracy vs energy with the Pareto frontier), energy over time, CPU/GPU/RAM breakdown, other regions, and a paper-ready energy and carbon statement.")
        {
            files, html, md, outDir, scc, xAxis,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(files)!, parse.GetValue(html)?.FullName, parse.GetValue(md)?.FullName, parse.GetValue(outDir)?.FullName,
            parse.GetValue(scc) is { } usd ? SocialCostOfCarbon.Given(usd) : null, parse.GetValue(xAxis)));
        return command;
    }

    public static int Execute(CliContext context, IReadOnlyList<string> files, string? htmlPath, string? mdPath, string? outDir, SocialCostOfCarbon? socialCost = null,
        SweepAxis xAxis = SweepAxis.Energy)
    {
        var ledgers = LedgerSet.Load(files, new LedgerReadProgress(TerminalConsole.Create(context.Error, context.InteractiveError)));
        LedgerOutput.WriteProblems(context, ledgers);
        if (ledgers.Rows.Count == 0)
        {
            context.Error.WriteLine("error: no ledger rows to report.");
            return CliApplication.Failure;
        }

        if (outDir is not null && htmlPath is null && mdPath is null)
        {
            htmlPath = Path.Combine(outDir, "report.html");
            mdPath = Path.Combine(outDir, "report.md");
        }

        var model = ReportModel.Build(ledgers, socialCost: socialCost);
        var charts = htmlPath is not null || outDir is not null ? Charts.Render(model, xAxis) : Array.Empty<ChartImage>();
        if (xAxis == SweepAxis.Flops)
        {
            foreach (var sweep in model.Sweeps.Where(s => s.HasResults && !s.Points.Any(p => p.Row.Result is not null && p.Row.Flops is > 0)))
                context.Error.WriteLine($"note: --x flops: no run of sweep {sweep.Title} recorded FLOPs (count them with CarbonTorch.CountFlops); its chart shows energy.");
        }
        var written = new List<string>();
        try
        {
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                foreach (var chart in charts)
                {
                    File.WriteAllBytes(Path.Combine(outDir, chart.FileStem + ".png"), chart.Png);
                    File.WriteAllText(Path.Combine(outDir, chart.FileStem + ".svg"), chart.Svg, new UTF8Encoding(false));
                }
                if (charts.Count > 0)
                    written.Add($"{charts.Count} charts (PNG and SVG) in {outDir}");
            }
            if (htmlPath is not null)
            {
                WriteText(htmlPath, HtmlReport.Write(model, charts));
                written.Add(htmlPath);
            }
            var chartFolderForMarkdown = outDir is null ? null : Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(mdPath ?? outDir))!, outDir);
            var markdown = MarkdownReport.Write(model, charts, chartFolderForMarkdown);
            if (mdPath is not null)
            {
                WriteText(mdPath, markdown);
                written.Add(mdPath);
            }
            else if (htmlPath is null && outDir is null)
            {
                context.Output.Write(markdown);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: the report could not be written: {ex.Message}");
            return CliApplication.Failure;
        }

        var t = model.Totals;
        var summary = $"{Units.Energy(t.EnergyKwh)}, {Units.Co2(t.EmissionsKg)} over {t.CountedRuns} runs ({Units.Duration(t.WallSeconds)} wall-clock)";
        context.Error.WriteLine(written.Count > 0 ? $"Report: {summary}. Wrote {string.Join(", ", written)}." : $"Report: {summary}.");
        return ledgers.HasFileErrors ? CliApplication.Failure : CliApplication.Success;
    }

    private static void WriteText(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
