namespace CarbonAttrs;

/// <summary>
/// Thrown by a call of a <c>[TrackEmissions]</c> method, before its body runs, once the runtime carbon budget is
/// exceeded and <c>CARBONATTRS_BUDGET_ACTION=stop</c>. An <see cref="OperationCanceledException"/> whose
/// <see cref="OperationCanceledException.CancellationToken"/> is <see cref="CarbonBudget.Token"/>, so code that already
/// handles cancellation stops a sweep cleanly.
/// </summary>
public sealed class CarbonBudgetExceededException : OperationCanceledException
{
    /// <summary>Creates the exception for a call of <paramref name="method"/> refused by the budget.</summary>
    public CarbonBudgetExceededException(string method, double budgetKgCO2e, double spentKgCO2e, double? projectedKgCO2e, CancellationToken token)
        : base(Describe(method, budgetKgCO2e, spentKgCO2e, projectedKgCO2e), token)
    {
        Method = method;
        BudgetKgCO2e = budgetKgCO2e;
        SpentKgCO2e = spentKgCO2e;
        ProjectedKgCO2e = projectedKgCO2e;
    }

    /// <summary>The tracked method whose call was refused (its ledger name).</summary>
    public string Method { get; }

    /// <summary>The budget in kg CO2eq.</summary>
    public double BudgetKgCO2e { get; }

    /// <summary>What this process had spent when the call was refused, in kg CO2eq.</summary>
    public double SpentKgCO2e { get; }

    /// <summary>What the running loop was projected to reach, in kg CO2eq, or null when no projection was known.</summary>
    public double? ProjectedKgCO2e { get; }

    private static string Describe(string method, double budget, double spent, double? projected)
        => $"{method} was not run: the carbon budget of {BudgetUnits.Co2(budget)} CO2eq is exceeded ({BudgetUnits.Co2(spent)} spent"
           + (projected is { } p ? $", {BudgetUnits.Co2(p)} projected" : "")
           + "). CARBONATTRS_BUDGET_ACTION=stop refuses every further call of a tracked method; raise CARBONATTRS_BUDGET_KG or set it to warn.";
}
