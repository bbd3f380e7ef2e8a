using System.Globalization;

namespace CarbonAttrs.Cli.Running;

/// <summary>What to do when a run's emissions pass its budget.</summary>
internal enum RunBudgetAction
{
    /// <summary>Say so once on stderr; the command goes on.</summary>
    Warn,
    /// <summary>Send the command's processes SIGTERM, then SIGKILL after the grace period.</summary>
    Stop,
}

/// <summary>
/// The runtime carbon budget as <c>carbonattrs run</c> applies it to a command: <c>CARBONATTRS_BUDGET_KG</c> (kg CO2eq)
/// and <c>CARBONATTRS_BUDGET_ACTION</c> (<c>warn</c>, the default, or <c>stop</c>), the variables of the runtime budget
/// (read here from the environment; the runtime's own budget options are being added alongside, issue 14).
/// </summary>
internal sealed record RunBudget(double Kilograms, RunBudgetAction Action)
{
    public const string KilogramsVariable = "CARBONATTRS_BUDGET_KG";
    public const string ActionVariable = "CARBONATTRS_BUDGET_ACTION";

    /// <summary>The budget set in the environment, or null; a malformed value is reported on <paramref name="error"/> and ignored.</summary>
    public static RunBudget? FromEnvironment(Func<string, string?> env, TextWriter error)
    {
        var kg = env(KilogramsVariable);
        if (string.IsNullOrWhiteSpace(kg))
            return null;
        if (!double.TryParse(kg.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kilograms)
            || double.IsNaN(kilograms) || double.IsInfinity(kilograms) || kilograms <= 0)
        {
            error.WriteLine($"warning: {KilogramsVariable} = '{kg}' is not a budget: expected a number of kg CO2eq greater than 0 (e.g. 0.5). No budget is applied.");
            return null;
        }
        var actionText = env(ActionVariable)?.Trim().ToLowerInvariant();
        var action = RunBudgetAction.Warn;
        switch (actionText)
        {
            case null or "" or "warn": break;
            case "stop": action = RunBudgetAction.Stop; break;
            default:
                error.WriteLine($"warning: {ActionVariable} = '{env(ActionVariable)}' is not valid: expected 'warn' or 'stop'. Using 'warn'.");
                break;
        }
        return new RunBudget(kilograms, action);
    }
}
