using CarbonAttrs.Cli.Running;

namespace CarbonAttrs.Cli.Tests.Run;

public sealed class RunBudgetTests
{
    [Theory]
    [InlineData(null, null, null, null, "")]
    [InlineData("0.5", null, 0.5, "Warn", "")]
    [InlineData("2e-3", " STOP ", 0.002, "Stop", "")]
    [InlineData("0.5", "halt", 0.5, "Warn", "warning: CARBONATTRS_BUDGET_ACTION = 'halt' is not valid: expected 'warn' or 'stop'. Using 'warn'.")]
    [InlineData("lots", "stop", null, null, "warning: CARBONATTRS_BUDGET_KG = 'lots' is not a budget: expected a number of kg CO2eq greater than 0 (e.g. 0.5). No budget is applied.")]
    [InlineData("0", "stop", null, null, "warning: CARBONATTRS_BUDGET_KG = '0' is not a budget")]
    public void The_budget_comes_from_the_runtime_variables(string? kg, string? action, double? expectedKg, string? expectedAction, string warning)
    {
        var error = new StringWriter();
        var env = new Dictionary<string, string?> { [RunBudget.KilogramsVariable] = kg, [RunBudget.ActionVariable] = action };

        var budget = RunBudget.FromEnvironment(name => env.GetValueOrDefault(name), error);

        Assert.Equal(expectedKg, budget?.Kilograms);
        Assert.Equal(expectedAction, budget?.Action.ToString());
        if (warning.Length == 0)
            Assert.Equal("", error.ToString());
        else
            Assert.StartsWith(warning, error.ToString());
    }
}
