using System.Globalization;

namespace CarbonAttrs.Footprint;

/// <summary>
/// The runner the package's MSBuild targets start after Build (<c>dotnet exec CarbonAttrs.Footprint.dll</c>):
/// <c>--assembly DLL --out DIR [--ledger CSV;...]... [--budget-kg X]</c>. Same options and exit codes as
/// <c>carbonattrs footprint</c> (0 written, 1 over budget, 2 failure), none of the CLI's dependencies.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (!TryParse(args, out var assembly, out var ledgers, out var outDir, out var budget, out var problem))
        {
            Console.Error.WriteLine("error: " + problem);
            Console.Error.WriteLine("usage: CarbonAttrs.Footprint --assembly DLL --out DIR [--ledger CSV;...]... [--budget-kg X]");
            return FootprintRun.Failure;
        }
        return FootprintRun.Execute(Console.Out, Console.Error, Path.GetFullPath(assembly), ledgers, Path.GetFullPath(outDir), budget);
    }

    internal static bool TryParse(string[] args, out string assembly, out string[] ledgers, out string outDir, out double? budgetKg, out string problem)
    {
        assembly = outDir = problem = "";
        budgetKg = null;
        var ledgerValues = new List<string>();
        ledgers = Array.Empty<string>();
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
        ledgers = FootprintRun.SplitLedgers(ledgerValues);
        return true;
    }
}
