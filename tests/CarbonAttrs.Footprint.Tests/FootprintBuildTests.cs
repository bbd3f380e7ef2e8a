using System.Text.Json;
using CarbonAttrs.Footprint.Tests.Support;

namespace CarbonAttrs.Footprint.Tests;

/// <summary>The footprint targets in a real <c>dotnet build</c>: report files, the build line, incrementality, the CARB110 gate.</summary>
public sealed class FootprintBuildTests(FootprintBuildFixture fixture) : IClassFixture<FootprintBuildFixture>
{
    private const string SummaryStart = "CarbonAttrs footprint: " + SampleProject.Name + ":";

    [Fact]
    public void A_build_writes_the_report_into_the_intermediate_folder_and_prints_one_summary_line()
    {
        var build = fixture.First;
        Assert.True(build.ExitCode == 0, build.ToString());

        var line = Assert.Single(build.LinesContaining(SummaryStart));
        Assert.Equal(SummaryStart + " 1 tracked method (1 measured), 1 sweep, projected 200 g CO2eq (120 g CO2eq–280 g CO2eq) for 1 of them -> "
                     + fixture.Sample.ReportMarkdown, line);

        using var json = JsonDocument.Parse(fixture.JsonAfterFirst);
        var root = json.RootElement;
        Assert.Equal("carbonattrs-footprint/1", root.GetProperty("schema").GetString());
        Assert.Equal(SampleProject.Name, root.GetProperty("assembly").GetString());
        Assert.Equal(Path.Combine(fixture.Sample.IntermediateDirectory, SampleProject.Name + ".dll"), root.GetProperty("assemblyPath").GetString());
        var ledger = Assert.Single(root.GetProperty("ledgers").EnumerateArray());
        Assert.Equal((fixture.Sample.LedgerPath, "read", 4), (ledger.GetProperty("path").GetString(), ledger.GetProperty("status").GetString(), ledger.GetProperty("rows").GetInt32()));

        // The tracked method comes from the real generator's inventory; its cost from the ledger's three ok runs.
        var method = Assert.Single(root.GetProperty("methods").EnumerateArray());
        Assert.Equal(("Trainer.Train", "Program.cs", 3), (method.GetProperty("name").GetString(),
            method.GetProperty("file").GetString(), method.GetProperty("runs").GetInt32()));
        Assert.Equal(0.002, method.GetProperty("emissionsKg").GetProperty("median").GetDouble(), 12);
        Assert.Equal("footprint-test", method.GetProperty("experiment").GetString()); // the attribute's Experiment, from the inventory

        var sweep = Assert.Single(root.GetProperty("sweeps").EnumerateArray());
        // The sweep comes from the generator's sweep detection: the 2 × 50 nest is one sweep of 100 runs of Trainer.Train.
        Assert.Equal(("Trainer.Train", "Program.cs", FootprintBuildFixture.SweepLine), (sweep.GetProperty("method").GetString(),
            sweep.GetProperty("file").GetString(), sweep.GetProperty("line").GetInt32()));
        Assert.Equal(("projected", 100), (sweep.GetProperty("status").GetString(), sweep.GetProperty("size").GetInt32()));
        Assert.Equal(0.2, sweep.GetProperty("projected").GetProperty("emissionsKg").GetDouble(), 9);
        Assert.Equal(2.0, sweep.GetProperty("projected").GetProperty("energyKwh").GetDouble(), 9);
        Assert.False(root.GetProperty("overBudget").GetBoolean());

        var markdown = fixture.MarkdownAfterFirst;
        Assert.Contains($"| Program.cs({FootprintBuildFixture.SweepLine}) | Trainer.Train | 100 | 2 kWh | 200 g CO2eq (120 g CO2eq–280 g CO2eq) |", markdown);
    }

    [Fact]
    public void An_unchanged_second_build_does_no_report_work()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        var build = fixture.Second;
        Assert.True(build.ExitCode == 0, build.ToString());

        Assert.Single(build.LinesContaining("Skipping target \"CarbonFootprintReport\" because all output files are up-to-date"));
        Assert.Empty(build.LinesContaining(SummaryStart));
        Assert.NotEqual(default, fixture.JsonWriteTimeAfterFirst);
        Assert.Equal(fixture.JsonWriteTimeAfterFirst, fixture.JsonWriteTimeAfterSecond);
    }

    [Fact]
    public void A_budget_below_the_projection_fails_the_build_with_CARB110_at_the_sweep_until_the_budget_allows_it()
    {
        var over = fixture.Sample.Build("CarbonBudgetKgCO2e=0.15");

        Assert.NotEqual(0, over.ExitCode);
        var programPath = Path.Combine(fixture.Sample.Directory, "Program.cs");
        var errors = over.LinesContaining(": error CARB110: ").Distinct().ToArray(); // the log repeats errors in its summary
        Assert.True(errors.Length == 1, over.ToString());
        var error = errors[0];
        Assert.StartsWith($"{programPath}({FootprintBuildFixture.SweepLine}): error CARB110: sweep at Program.cs({FootprintBuildFixture.SweepLine}) runs Trainer.Train 100 times: "
                          + "projected 200 g CO2eq (range 120 g CO2eq–280 g CO2eq, 2 kWh) exceeds the carbon budget of 150 g CO2eq (CarbonBudgetKgCO2e)", error);
        Assert.Empty(over.LinesContaining("error MSB"));
        Assert.Single(over.LinesContaining(SummaryStart + " 1 tracked method (1 measured), 1 sweep, projected 200 g CO2eq"), l => l.Contains("budget 150 g CO2eq: exceeded"));

        // Nothing changed, yet the gate holds: a failed report leaves no up-to-date output behind.
        var again = fixture.Sample.Build("CarbonBudgetKgCO2e=0.15");
        Assert.NotEqual(0, again.ExitCode);
        Assert.NotEmpty(again.LinesContaining(": error CARB110: "));

        // A budget above the projection passes; the changed setting alone reruns the report.
        var within = fixture.Sample.Build("CarbonBudgetKgCO2e=1");
        Assert.True(within.ExitCode == 0, within.ToString());
        Assert.Contains(within.LinesContaining(SummaryStart), l => l.Contains("; budget 1 kg CO2eq: ok"));
    }
}
