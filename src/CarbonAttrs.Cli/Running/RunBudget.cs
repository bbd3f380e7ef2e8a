namespace CarbonAttrs.Cli.Running;

/// <summary>
/// The runtime carbon budget as <c>carbonattrs run</c> applies it to a command: the runtime's own settings
/// (<c>CARBONATTRS_BUDGET_KG</c> / <c>budgetKgCO2e</c> in kg CO2eq, <c>CARBONATTRS_BUDGET_ACTION</c> / <c>budgetAction</c>:
/// <c>warn</c>, the default, or <c>stop</c>), read with every other setting, so a malformed value is reported once by the
/// options loader, naming the setting.
/// </summary>
internal sealed record RunBudget(double Kilograms, BudgetAction Action)
{
    public const string KilogramsVariable = "CARBONATTRS_BUDGET_KG";
    public const string ActionVariable = "CARBONATTRS_BUDGET_ACTION";

    /// <summary>The budget the settings hold, or null.</summary>
    public static RunBudget? FromOptions(CarbonAttrsOptions options)
        => options.BudgetKgCO2e is { } kilograms && kilograms > 0 ? new RunBudget(kilograms, options.BudgetAction) : null;
}
