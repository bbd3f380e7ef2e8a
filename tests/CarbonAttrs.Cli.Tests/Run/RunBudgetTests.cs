using CarbonAttrs.Cli.Running;
using CarbonAttrs.Configuration;

namespace CarbonAttrs.Cli.Tests.Run;

public sealed class RunBudgetTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("0.5", null, 0.5, "Warn")]
    [InlineData("2e-3", " STOP ", 0.002, "Stop")]
    [InlineData("0.5", "halt", 0.5, "Warn")]   // a bad action is reported by the options loader; warn is kept
    [InlineData("lots", "stop", null, null)]   // not a number: no budget
    [InlineData("0", "stop", null, null)]      // zero is no budget
    public void The_budget_comes_from_the_runtime_settings(string? kg, string? action, double? expectedKg, string? expectedAction)
    {
        var env = new Dictionary<string, string?> { [RunBudget.KilogramsVariable] = kg, [RunBudget.ActionVariable] = action };
        var options = OptionsLoader.Load(name => env.GetValueOrDefault(name), configFilePath: null);

        var budget = RunBudget.FromOptions(options);

        Assert.Equal(expectedKg, budget?.Kilograms);
        Assert.Equal(expectedAction, budget?.Action.ToString());
    }

    [Fact]
    public void The_budget_can_come_from_carbonattrs_json_like_every_other_setting()
    {
        var file = Path.Combine(Path.GetTempPath(), "carbonattrs-run-budget-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """{ "budgetKgCO2e": 0.25, "budgetAction": "stop" }""");
        try
        {
            var budget = RunBudget.FromOptions(OptionsLoader.Load(_ => null, file));
            Assert.Equal(new RunBudget(0.25, BudgetAction.Stop), budget);
        }
        finally { File.Delete(file); }
    }
}
