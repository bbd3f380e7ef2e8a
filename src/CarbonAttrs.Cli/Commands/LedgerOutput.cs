using CarbonAttrs.Cli.Ledgers;

namespace CarbonAttrs.Cli.Commands;

/// <summary>How commands tell the user about ledger problems: file errors as errors, bad rows as warnings.</summary>
internal static class LedgerOutput
{
    private const int MaxRowWarnings = 20;

    public static void WriteProblems(CliContext context, LedgerSet ledgers)
    {
        foreach (var problem in ledgers.Problems.Where(p => p.IsFileError))
            context.Error.WriteLine($"error: {problem}");
        var rows = ledgers.Problems.Where(p => !p.IsFileError).ToArray();
        foreach (var problem in rows.Take(MaxRowWarnings))
            context.Error.WriteLine($"warning: {problem}");
        if (rows.Length > MaxRowWarnings)
            context.Error.WriteLine($"warning: {rows.Length - MaxRowWarnings} more malformed rows skipped (all are listed in the report).");
    }
}
