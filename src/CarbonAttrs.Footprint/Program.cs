using System.Globalization;

namespace CarbonAttrs.Footprint;

/// <summary>
/// The runner the package's MSBuild targets start after Build (<c>dotnet exec CarbonAttrs.Footprint.dll</c>):
/// <c>--assembly DLL --out DIR [--ledger CSV;...]... [--budget-kg X] [--error-log FILE] [--project-dir DIR]</c>.
/// <c>--error-log</c> is the compiler's SARIF log (MSBuild <c>ErrorLog</c>), whose CARB001 results add the sweeps the
/// inventory lacks; their files are written relative to <c>--project-dir</c> (default: the current directory).
/// Same options and exit codes as <c>carbonattrs footprint</c> (0 written, 1 over budget, 2 failure), none of the
/// CLI's dependencies.
/// </summary>
internal static class Program
{
    public const string Usage = "usage: CarbonAttrs.Footprint --assembly DLL --out DIR [--ledger CSV;...]... [--budget-kg X] [--error-log FILE] [--project-dir DIR]";

    public static int Main(string[] args)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            Console.Error.WriteLine("error: " + problem);
            Console.Error.WriteLine(Usage);
            return FootprintRun.Failure;
        }
        return FootprintRun.Execute(Console.Out, Console.Error, Path.GetFullPath(options.Assembly), options.Ledgers, Path.GetFullPath(options.OutDir),
            options.BudgetKg, CompilerLogInput.From(options.ErrorLog, options.ProjectDir));
    }

    internal static bool TryParse(string[] args, out RunnerOptions options, out string problem)
    {
        string assembly = "", outDir = "";
        string? errorLog = null, projectDir = null;
        double? budgetKg = null;
        var ledgerValues = new List<string>();
        options = new RunnerOptions("", Array.Empty<string>(), "", null, null, null);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                problem = $"{name} needs a value";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--assembly": assembly = value; break;
                case "--out": outDir = value; break;
                case "--ledger": ledgerValues.Add(value); break;
                case "--budget-kg":
                    // An empty value is an unset MSBuild property: no budget.
                    if (value.Trim().Length == 0) break;
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var kg) || kg < 0 || double.IsNaN(kg) || double.IsInfinity(kg))
                    {
                        problem = $"--budget-kg '{value}' is not a non-negative number of kg CO2eq (use a '.' decimal point)";
                        return false;
                    }
                    budgetKg = kg;
                    break;
                // Empty values are unset MSBuild properties, as for --budget-kg.
                case "--error-log": errorLog = Unset(value) ? null : value.Trim(); break;
                case "--project-dir": projectDir = Unset(value) ? null : value.Trim(); break;
                default:
                    problem = $"unknown option {name}";
                    return false;
            }
        }
        if (assembly.Length == 0 || outDir.Length == 0)
        {
            problem = "--assembly and --out are required";
            return false;
        }
        options = new RunnerOptions(assembly, FootprintRun.SplitLedgers(ledgerValues), outDir, budgetKg, errorLog, projectDir);
        return true;

        static bool Unset(string value) => value.Trim().Length == 0;
    }
}

/// <summary>The runner's parsed command line; <see cref="ErrorLog"/> and <see cref="ProjectDir"/> are null when not given (or empty).</summary>
internal sealed record RunnerOptions(string Assembly, string[] Ledgers, string OutDir, double? BudgetKg, string? ErrorLog, string? ProjectDir);
