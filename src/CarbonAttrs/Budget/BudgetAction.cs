namespace CarbonAttrs;

/// <summary>What the runtime carbon budget does once it is exceeded (<c>CARBONATTRS_BUDGET_ACTION</c>).</summary>
public enum BudgetAction
{
    /// <summary>Writes one warning line and cancels <see cref="CarbonBudget.Token"/>; tracked methods keep running.</summary>
    Warn,

    /// <summary>
    /// As <see cref="Warn"/>, and from then on every call of a <c>[TrackEmissions]</c> method throws
    /// <see cref="CarbonBudgetExceededException"/> before its body runs (and writes no row).
    /// </summary>
    Stop,
}
