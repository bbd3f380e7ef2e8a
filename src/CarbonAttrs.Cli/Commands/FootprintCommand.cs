using System.CommandLine;
using CarbonAttrs.Footprint;

namespace CarbonAttrs.Cli.Commands;

/// <summary>
/// <c>carbonattrs footprint</c>: the build-time report. Reads the inventory stored in a built assembly and the
/// ledger history, writes carbon-footprint.json/.md, prints one summary line, and fails with CARB110 when a
/// sweep's projection exceeds the budget. The logic is <see cref="FootprintRun"/>, shared with the build runner.
/// </summary>
internal static class FootprintCommand
{
    public static Command Create(CliContext context)
    {
        var assembly = new Option<FileInfo>("--assembly") { Description = "The built assembly (.dll) whose tracked methods and sweeps are reported.", Required = true, HelpName = "DLL" };
        var ledger = new Option<string[]>("--ledger")
        {
            Description = "Ledger files (emissions.csv) with past runs; several with repeated options or separated by ';'. Missing files mean \"not yet measured\".",
            HelpName = "CSV;...",
            AllowMultipleArgumentsPerToken = true,
        };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for carbon-footprint.json and carbon-footprint.md.", Required = true, HelpName = "DIR" };
        var budget = new Option<double?>("--budget-kg") { Description = "Fail (exit 1, error CARB110) when a sweep's projected CO2eq exceeds this many kg.", HelpName = "X" };
        var errorLog = new Option<string>("--error-log")
        {
            Description = "The compiler's SARIF error log (ErrorLog); lists the sweeps CARB001 reports, untracked ones included.",
            HelpName = "FILE",
        };
        var projectDir = new Option<string>("--project-dir")
        {
            Description = "The project folder: sweeps from --error-log are listed with paths relative to it (default: the current directory).",
            HelpName = "DIR",
        };
        var command = new Command("footprint", "Build-time footprint: project each sweep's energy and CO2eq from the assembly's inventory and measured runs; fail with CARB110 over budget.")
        {
            assembly, ledger, outDir, budget, errorLog, projectDir,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(assembly)!.FullName,
            FootprintRun.SplitLedgers(parse.GetValue(ledger) ?? Array.Empty<string>()),
            parse.GetValue(outDir)!.FullName, parse.GetValue(budget),
            CompilerLogInput.From(parse.GetValue(errorLog), parse.GetValue(projectDir))));
        return command;
    }

    public static int Execute(CliContext context, string assemblyPath, IReadOnlyList<string> ledgers, string outDir, double? budgetKg,
        CompilerLogInput? compilerLog = null)
        => FootprintRun.Execute(context.Output, context.Error, assemblyPath, ledgers, outDir, budgetKg, compilerLog);
}
