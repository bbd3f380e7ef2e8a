namespace CarbonAttrs.Footprint.Ledgers;

/// <summary>Something wrong with a ledger: a whole file (<see cref="Line"/> null) or one row.</summary>
internal sealed record LedgerProblem(string File, int? Line, string Message, bool IsFileError)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
