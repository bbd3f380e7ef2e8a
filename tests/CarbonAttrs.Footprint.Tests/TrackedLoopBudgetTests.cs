using CarbonAttrs.Footprint.Tests.Support;

namespace CarbonAttrs.Footprint.Tests;

/// <summary>
/// Issue 14's loop in a real <c>dotnet build</c>: a 3 × 2 grid over a tracked method that trains with nothing the
/// TorchSharp vocabulary knows. It is projected from the ledger (3 runs of 4 g: 24 g) and a budget below that fails
/// the build with exactly one CARB110 at the loop, whether TorchSharp is referenced or not.
/// </summary>
public sealed class TrackedLoopBudgetTests
{
    private const int LoopLine = 4;

    private const string Program = """
        using CarbonAttrs;

        var best = 0.0;
        foreach (var lr in new[] { 0.01, 0.1, 1.0 })
            foreach (var hidden in new[] { 16, 32 })
                best = Math.Max(best, Lab.Train(lr, hidden));
        Console.WriteLine(best);

        internal static class Lab
        {
            [TrackEmissions]
            public static double Train(double lr, int hidden) => lr * hidden; // ML.NET, ONNX Runtime or one's own code
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_loop_is_projected_and_a_budget_below_the_projection_fails_with_one_CARB110_at_the_loop(bool referenceTorchSharp)
    {
        using var sample = new SampleProject(Program, FootprintBuildFixture.Ledger(
            ("Lab.Train", "ok", 0.04, 0.004, 10),
            ("Lab.Train", "ok", 0.04, 0.004, 10),
            ("Lab.Train", "ok", 0.04, 0.004, 10)), referenceTorchSharp);

        var over = sample.Build("CarbonBudgetKgCO2e=0.01");

        Assert.NotEqual(0, over.ExitCode);
        var summary = Assert.Single(over.LinesContaining("CarbonAttrs footprint: " + SampleProject.Name + ":"));
        Assert.Contains("1 tracked method (1 measured), 1 sweep, projected 24 g CO2eq", summary);
        var errors = over.LinesContaining(": error CARB").Distinct().ToArray(); // the log repeats errors in its summary
        var error = Assert.Single(errors);
        Assert.StartsWith($"{Path.Combine(sample.Directory, "Program.cs")}({LoopLine}): error CARB110: sweep at Program.cs({LoopLine}) runs Lab.Train 6 times: "
                          + "projected 24 g CO2eq", error);
        Assert.Contains("exceeds the carbon budget of 10 g CO2eq (CarbonBudgetKgCO2e)", error);

        var within = sample.Build("CarbonBudgetKgCO2e=0.03");
        Assert.True(within.ExitCode == 0, within.ToString());
        Assert.Empty(within.LinesContaining("error CARB110"));
    }
}
