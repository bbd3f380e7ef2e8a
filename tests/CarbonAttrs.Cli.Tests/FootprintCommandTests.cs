using System.Text.Json;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint;

namespace CarbonAttrs.Cli.Tests;

public class FootprintCommandTests
{
    private const string TrainMethod = "{\"name\":\"Trainer.Train\",\"experiment\":\"mnist\",\"file\":\"Trainer.cs\",\"line\":12,\"summarize\":false}";
    private const string EvalMethod = "{\"name\":\"Trainer.Evaluate\",\"file\":\"Trainer.cs\",\"line\":40,\"summarize\":true}";
    private const string NeverRun = "{\"name\":\"Trainer.Distill\",\"file\":\"Trainer.cs\",\"line\":60}";

    private static (string Dll, string Ledger) Prepare(TempFolder dir, params string[] sweeps)
    {
        var metadata = new List<(string, string)> { ("CarbonAttrs.TrackedMethod", TrainMethod), ("CarbonAttrs.TrackedMethod", EvalMethod), ("CarbonAttrs.TrackedMethod", NeverRun) };
        metadata.AddRange(sweeps.Select(s => ("CarbonAttrs.Sweep", s)));
        var dll = InventoryAssembly.Write(dir.File("Sample.Training.dll"), metadata);
        // Train: three runs of 1, 2 and 3 g CO2eq (intensity 100 g/kWh → 10, 20, 30 Wh); one failed run is left out.
        // Evaluate: one summary row of 10 calls, 5 Wh in all.
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), new[]
        {
            new TestRow { Method = "Trainer.Train", CpuKwh = 0, RamKwh = 0, GpuKwh = 0.010, Seconds = 100 },
            new TestRow { Method = "Trainer.Train", CpuKwh = 0, RamKwh = 0, GpuKwh = 0.020, Seconds = 200 },
            new TestRow { Method = "Trainer.Train", CpuKwh = 0, RamKwh = 0, GpuKwh = 0.030, Seconds = 300 },
            new TestRow { Method = "Trainer.Train", CpuKwh = 0, RamKwh = 0, GpuKwh = 0.001, Seconds = 5, Status = "failed" },
            new TestRow { Method = "Trainer.Evaluate", CpuKwh = 0.005, RamKwh = 0, GpuKwh = 0, Seconds = 10, Calls = 10 },
        });
        return (dll, ledger);
    }

    [Fact]
    public void Inventory_is_read_from_the_assembly_without_loading_it()
    {
        using var dir = new TempFolder();
        var (dll, _) = Prepare(dir, "[{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":30,\"size\":200},{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":50,\"size\":null}]");

        var inventory = AssemblyInventory.Read(dll);

        Assert.Equal("Sample.Training", inventory.AssemblyName);
        Assert.Equal(new[] { "Trainer.Train", "Trainer.Evaluate", "Trainer.Distill" }, inventory.Methods.Select(m => m.Name));
        Assert.True(inventory.Methods[1].Summarize);
        Assert.Equal(("Trainer.cs", 12, "mnist"), (inventory.Methods[0].File, inventory.Methods[0].Line!.Value, inventory.Methods[0].Experiment));
        Assert.Equal(new long?[] { 200, null }, inventory.Sweeps.Select(s => s.Size));
        Assert.Equal("Program.cs(30)", inventory.Sweeps[0].Location);
        Assert.Empty(inventory.Problems);
    }

    [Fact]
    public void Sweep_projection_is_size_times_the_measured_median_with_a_p10_p90_range()
    {
        using var dir = new TempFolder();
        var (dll, ledger) = Prepare(dir, "{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":30,\"size\":200}");
        var outDir = dir.File("obj");

        var outcome = CliRunner.Run("footprint", "--assembly", dll, "--ledger", ledger + ";" + dir.File("not-yet.csv"), "--out", outDir);

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "carbon-footprint.json")));
        var root = json.RootElement;
        Assert.Equal("carbonattrs-footprint/1", root.GetProperty("schema").GetString());
        var sweep = root.GetProperty("sweeps")[0];
        Assert.Equal("projected", sweep.GetProperty("status").GetString());
        var projected = sweep.GetProperty("projected");
        // Per run: median 2 g (p10 1.2 g, p90 2.8 g) → × 200.
        Assert.Equal(200 * 0.002, projected.GetProperty("emissionsKg").GetDouble(), 9);
        Assert.Equal(200 * 0.0012, projected.GetProperty("emissionsKgLow").GetDouble(), 9);
        Assert.Equal(200 * 0.0028, projected.GetProperty("emissionsKgHigh").GetDouble(), 9);
        Assert.Equal(200 * 0.020, projected.GetProperty("energyKwh").GetDouble(), 9);

        var methods = root.GetProperty("methods");
        Assert.Equal(3, methods[0].GetProperty("runs").GetInt32()); // the failed run is not a cost sample
        Assert.Equal(200, methods[0].GetProperty("durationSeconds").GetProperty("median").GetDouble(), 9);
        Assert.Equal(0.0005, methods[1].GetProperty("energyKwh").GetProperty("median").GetDouble(), 12); // 5 Wh over 10 calls
        Assert.False(methods[2].GetProperty("measured").GetBoolean());
        Assert.Equal(new[] { "read", "missing" }, root.GetProperty("ledgers").EnumerateArray().Select(l => l.GetProperty("status").GetString()));

        var md = File.ReadAllText(Path.Combine(outDir, "carbon-footprint.md"));
        Assert.Contains("| Program.cs(30) | Trainer.Train | 200 | 4 kWh | 400 g CO2eq (240 g CO2eq–560 g CO2eq) |", md);
        Assert.Contains("| Trainer.Distill | Trainer.cs:60 | 0 | not yet measured |", md);
        var line = Assert.Single(outcome.Output.TrimEnd('\n').Split('\n'));
        Assert.Equal($"CarbonAttrs footprint: Sample.Training: 3 tracked methods (2 measured), 1 sweep, projected 400 g CO2eq (240 g CO2eq–560 g CO2eq) for 1 of them -> {Path.Combine(outDir, "carbon-footprint.md")}", line);
    }

    [Fact]
    public void Over_budget_fails_with_CARB110_naming_sweep_size_projection_and_budget()
    {
        using var dir = new TempFolder();
        var (dll, ledger) = Prepare(dir, "{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":30,\"size\":200}");

        var outcome = CliRunner.Run("footprint", "--assembly", dll, "--ledger", ledger, "--out", dir.File("obj"), "--budget-kg", "0.25");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("Program.cs(30): error CARB110: sweep at Program.cs(30) runs Trainer.Train 200 times: projected 400 g CO2eq (range 240 g CO2eq–560 g CO2eq, 4 kWh) exceeds the carbon budget of 250 g CO2eq (CarbonBudgetKgCO2e)",
            outcome.Error.Trim());
        Assert.Contains("budget 250 g CO2eq: exceeded", outcome.Output);
        Assert.True(JsonDocument.Parse(File.ReadAllText(dir.File("obj/carbon-footprint.json"))).RootElement.GetProperty("overBudget").GetBoolean());
    }

    [Fact]
    public void Unknown_sizes_and_unmeasured_methods_are_said_plainly_and_never_fail_the_budget()
    {
        using var dir = new TempFolder();
        var (dll, ledger) = Prepare(dir,
            "{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":50,\"size\":\"unknown\"}",
            "{\"method\":\"Trainer.Distill\",\"file\":\"Program.cs\",\"line\":70,\"size\":1000}");

        var outcome = CliRunner.Run("footprint", "--assembly", dll, "--ledger", ledger, "--out", dir.File("obj"), "--budget-kg", "0.000001");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("2 sweeps, 1 of unknown size, 1 not yet measured; budget 1 mg CO2eq: ok", outcome.Output);
        var md = File.ReadAllText(dir.File("obj/carbon-footprint.md"));
        Assert.Contains("size unknown at compile time: no projection", md);
        Assert.Contains("Trainer.Distill not yet measured: no projection until a ledger has a run of it", md);
    }

    [Fact]
    public void Unchanged_inputs_leave_the_report_files_untouched()
    {
        using var dir = new TempFolder();
        var (dll, ledger) = Prepare(dir, "{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":30,\"size\":200}");
        var json = dir.File("obj/carbon-footprint.json");
        CliRunner.Run("footprint", "--assembly", dll, "--ledger", ledger, "--out", dir.File("obj"));
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(json, stamp);

        CliRunner.Run("footprint", "--assembly", dll, "--ledger", ledger, "--out", dir.File("obj"));

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(json));
    }

    [Fact]
    public void An_assembly_without_inventory_reports_nothing_tracked_and_a_non_assembly_is_an_error()
    {
        using var dir = new TempFolder();
        var plain = InventoryAssembly.Write(dir.File("Plain.dll"), Array.Empty<(string, string)>());
        File.WriteAllText(dir.File("fake.dll"), "not a PE file");

        var empty = CliRunner.Run("footprint", "--assembly", plain, "--out", dir.File("obj"));
        var bad = CliRunner.Run("footprint", "--assembly", dir.File("fake.dll"), "--out", dir.File("obj2"));

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("Plain: 0 tracked methods (0 measured), 0 sweeps", empty.Output);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith($"error: cannot read the inventory of {dir.File("fake.dll")}", bad.Error);
    }

    [Fact]
    public void Invalid_inventory_json_is_reported_not_thrown()
    {
        using var dir = new TempFolder();
        var dll = InventoryAssembly.Write(dir.File("Broken.dll"), new[] { ("CarbonAttrs.Sweep", "{not json") });

        var outcome = CliRunner.Run("footprint", "--assembly", dll, "--out", dir.File("obj"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("CarbonAttrs.Sweep metadata is not valid JSON", File.ReadAllText(dir.File("obj/carbon-footprint.md")));
    }
}
