namespace CarbonAttrs;

/// <summary>How a measurement window ended (the ledger's <c>status</c> column).</summary>
public enum WindowStatus
{
    /// <summary>Completed normally (<c>ok</c>).</summary>
    Ok,
    /// <summary>Ended by an exception (<c>failed</c>).</summary>
    Failed,
    /// <summary>Ended by cancellation: an <see cref="OperationCanceledException"/> or a cancelled task (<c>cancelled</c>).</summary>
    Cancelled,
}

internal static class WindowStatusText
{
    public static string ToLedgerText(this WindowStatus status) => status switch
    {
        WindowStatus.Failed => "failed",
        WindowStatus.Cancelled => "cancelled",
        _ => "ok",
    };
}
