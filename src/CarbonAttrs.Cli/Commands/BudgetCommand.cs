using System.CommandLine;
using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Terminal;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Commands;

/// <summary><c>carbonattrs budget</c>: exit 1 when ledgers exceed a CO2eq budget (a CI gate).</summary>
internal static class BudgetCommand
{
    public static Command Create(CliContext context)
    {
        var maxKg = new Option<double>("--max-kg") { Description = "The budget, in kg CO2eq.", Required = true, HelpName = "X" };
        maxKg.Validators.Add(r => { if (r.GetValueOrDefault<double>() is var v && (v < 0 || double.IsNaN(v) || double.IsInfinity(v))) r.AddError("--max-kg must be a non-negative number."); });
        var files = new Argument<string[]>("files") { Description = "emissions.csv ledgers or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("budget", "Check ledgers against a carbon budget: exit code 0 within budget, 1 over budget, 2 when a ledger cannot be read.")
        {
            maxKg, files,
        };
        command.SetAction(parse => Execute(context, parse.GetValue(maxKg), parse.GetValue(files)!));
        return command;
    }

    public static int Execute(CliContext context, double maxKg, IReadOnlyList<string> files)
    {
        var ledgers = LedgerSet.Load(files, new LedgerReadProgress(TerminalConsole.Create(context.Error, context.InteractiveError)));
        LedgerOutput.WriteProblems(context, ledgers);
        if (ledgers.HasFileErrors)
        {
            context.Error.WriteLine("error: the budget was not checked because a ledger could not be read.");
            return CliApplication.Failure;
        }

        var totals = Totals.From(EnergyAccounting.Count(ledgers.Rows));
        var used = totals.EmissionsKg;
        var share = maxKg > 0 ? $" ({Units.Percent(used / maxKg)})" : "";
        if (used > maxKg)
        {
            context.Output.WriteLine($"Over budget: {Units.Co2(used)} of {Units.Co2(maxKg)}{share}, {Units.Co2(used - maxKg)} over, from {totals.CountedRuns} runs ({Units.Energy(totals.EnergyKwh)}).");
            return CliApplication.OverBudget;
        }
        context.Output.WriteLine($"Within budget: {Units.Co2(used)} of {Units.Co2(maxKg)}{share}, from {totals.CountedRuns} runs ({Units.Energy(totals.EnergyKwh)}).");
        return CliApplication.Success;
    }
}
