using System.CommandLine;
using CarbonAttrs.Cli.Commands;

namespace CarbonAttrs.Cli;

/// <summary>The <c>carbonattrs</c> command line: builds the commands and runs one.</summary>
internal static class CliApplication
{
    /// <summary>Exit code for a command that ran and found nothing wrong.</summary>
    public const int Success = 0;
    /// <summary>Exit code when a budget is exceeded (<c>budget</c>, <c>footprint --budget-kg</c>).</summary>
    public const int OverBudget = 1;
    /// <summary>Exit code for usage errors, unreadable or invalid inputs.</summary>
    public const int Failure = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected)
        {
            InteractiveOutput = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected,
        };
        var root = BuildRoot(context);
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        int code;
        try
        {
            code = parsed.Invoke(config);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours, not the user's input: say so in one line and keep the stack for a bug report.
            error.WriteLine($"error: carbonattrs failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Please report it with this trace:");
            error.WriteLine(ex.StackTrace);
            return Failure;
        }
        // System.CommandLine answers a usage error with 1; keep 1 for "over budget" alone.
        return parsed.Errors.Count > 0 && code != Success ? Failure : code;
    }

    /// <summary>
    /// The root is a plain command named <c>carbonattrs</c> (a RootCommand takes the name of the entry assembly,
    /// which for a dotnet tool is CarbonAttrs.Cli.dll), with the help and version options a RootCommand adds.
    /// </summary>
    public static Command BuildRoot(CliContext context)
    {
        var root = new Command("carbonattrs",
            "carbonattrs: energy and carbon reports for .NET machine-learning runs.\n" +
            "Reads emissions.csv ledgers written by CarbonAttrs or CodeCarbon, estimates jobs before they run, " +
            "fails CI when a carbon budget is exceeded, and measures any command (carbonattrs run).")
        {
            ReportCommand.Create(context),
            EstimateCommand.Create(context),
            BudgetCommand.Create(context),
            FootprintCommand.Create(context),
            RunCommand.Create(context),
        };
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        return root;
    }
}

/// <summary>Where a command writes, and whether a person is watching stderr (and stdout).</summary>
internal sealed record CliContext(TextWriter Output, TextWriter Error, bool InteractiveError)
{
    /// <summary>Whether stdout is a terminal: tables are then fitted to its width; otherwise plain, one line per row.</summary>
    public bool InteractiveOutput { get; init; }
}
