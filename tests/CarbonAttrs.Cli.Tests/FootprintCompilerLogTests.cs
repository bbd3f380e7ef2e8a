using System.Text.Json;
using System.Text.Json.Nodes;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint;
using Runner = CarbonAttrs.Footprint.Program;

namespace CarbonAttrs.Cli.Tests;

/// <summary>
/// Sweeps from the compiler's SARIF error log: CARB001 results carry the sweep (<c>SweepMethod</c>, <c>SweepSize</c>,
/// <c>SweepDescription</c>) so untracked sweeps, which the assembly's inventory lacks, are listed too. The logs are
/// written as csc writes them (<c>/errorlog:FILE,version=2.1</c> and the 1.0 layout), with the real files on disk.
/// </summary>
public class FootprintCompilerLogTests
{
    private const string TrainMethod = "{\"name\":\"Trainer.Train\",\"experiment\":\"mnist\",\"file\":\"Trainer.cs\",\"line\":12}";
    private const string InventorySweep = "{\"method\":\"Trainer.Train\",\"file\":\"Program.cs\",\"line\":30,\"size\":200,\"description\":\"for, 200\"}";

    /// <summary>A project folder (with a space, so URIs are escaped), its assembly with one tracked method and the given inventory sweeps.</summary>
    private static (string ProjectDir, string Dll) Project(TempFolder dir, params string[] sweeps)
    {
        var projectDir = dir.File("My Lab");
        Directory.CreateDirectory(Path.Combine(projectDir, "Models"));
        var metadata = new List<(string, string)> { ("CarbonAttrs.TrackedMethod", TrainMethod) };
        metadata.AddRange(sweeps.Select(s => ("CarbonAttrs.Sweep", s)));
        return (projectDir, InventoryAssembly.Write(dir.File("Lab.dll"), metadata));
    }

    private static JsonElement Report(TempFolder dir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("obj/carbon-footprint.json")));
        return json.RootElement.Clone();
    }

    private static CliRunner.Outcome Footprint(string dll, TempFolder dir, params string[] more)
        => CliRunner.Run(new[] { "footprint", "--assembly", dll, "--out", dir.File("obj") }.Concat(more).ToArray());

    private static (string Method, string File, int Line, long? Size, string Description, string Status) Sweep(JsonElement s)
        => (s.GetProperty("method").GetString()!, s.GetProperty("file").GetString()!, s.GetProperty("line").GetInt32(),
            s.GetProperty("size").ValueKind == JsonValueKind.Null ? null : s.GetProperty("size").GetInt64(),
            s.GetProperty("description").GetString()!, s.GetProperty("status").GetString()!);

    [Fact]
    public void A_v2_1_log_lists_the_CARB001_sweeps_with_their_method_file_line_size_and_description()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir);
        var layers = Path.Combine(projectDir, "Models", "ForwardForward.cs");
        var program = Path.Combine(projectDir, "Program.cs");
        var log = Sarif.V21(dir.File("Lab.sarif"),
            Sarif.Carb001(layers, 134, "Lab.Models.ForwardForward.TrainLayer", "6", "foreach, 3 × 2", suppressed: true),
            Sarif.Carb001(program, 25, "Lab.Program.Run", size: null, "for, size unknown"),
            // The same sweep twice (a rule may run on several targets' compilations): listed once.
            Sarif.Carb001(layers, 134, "Lab.Models.ForwardForward.TrainLayer", "6", "foreach, 3 × 2"),
            Sarif.Result("CARB005", program, 40, new() { ["SweepMethod"] = "Lab.Program.Other", ["SweepSize"] = "9" }),
            // A loop that trains inline has no method to multiply: no SweepMethod, not listed.
            Sarif.Result("CARB001", program, 60, new() { ["EnclosingMethodLocation"] = "1", ["RunMethodLocation"] = "0" }));

        var outcome = Footprint(dll, dir, "--error-log", log, "--project-dir", projectDir);

        Assert.Equal(0, outcome.ExitCode);
        var root = Report(dir);
        Assert.Equal(new[]
        {
            ("Lab.Models.ForwardForward.TrainLayer", "Models/ForwardForward.cs", 134, (long?)6, "foreach, 3 × 2", "not-measured"),
            ("Lab.Program.Run", "Program.cs", 25, (long?)null, "for, size unknown", "unknown-size"),
        }, root.GetProperty("sweeps").EnumerateArray().Select(Sweep));
        var compilerLog = root.GetProperty("compilerLog");
        Assert.Equal((log, "read", 2, 2), (compilerLog.GetProperty("path").GetString(), compilerLog.GetProperty("status").GetString(),
            compilerLog.GetProperty("sweeps").GetInt32(), compilerLog.GetProperty("added").GetInt32()));
        Assert.Empty(root.GetProperty("problems").EnumerateArray());
        Assert.Contains("1 tracked method (0 measured), 2 sweeps, 1 of unknown size, 1 not yet measured", outcome.Output);
        var md = File.ReadAllText(dir.File("obj/carbon-footprint.md"));
        Assert.Contains($"Compiler log: `{log}` (read, 2 CARB001 sweeps, 2 not in the assembly's inventory).", md);
        Assert.Contains("| Models/ForwardForward.cs(134) | Lab.Models.ForwardForward.TrainLayer | 6 | — | — | Lab.Models.ForwardForward.TrainLayer not yet measured", md);
    }

    [Fact]
    public void The_inventory_wins_where_the_log_reports_a_sweep_at_the_same_place_and_the_list_is_ordered_by_file_and_line()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir, InventorySweep);
        var program = Path.Combine(projectDir, "Program.cs");
        var log = Sarif.V21(dir.File("Lab.sarif"),
            Sarif.Carb001(program, 30, "Lab.Program.Run", "5", "for, 5"),
            Sarif.Carb001(program, 12, "Lab.Program.Warmup", "3", "foreach, 3"),
            Sarif.Carb001(Path.Combine(projectDir, "Models", "Net.cs"), 80, "Lab.Models.Net.Fit", "2", "for, 2"));

        Footprint(dll, dir, "--error-log", log, "--project-dir", projectDir);

        var root = Report(dir);
        Assert.Equal(new[]
        {
            ("Lab.Models.Net.Fit", "Models/Net.cs", 80, (long?)2, "for, 2", "not-measured"),
            ("Lab.Program.Warmup", "Program.cs", 12, (long?)3, "foreach, 3", "not-measured"),
            ("Trainer.Train", "Program.cs", 30, (long?)200, "for, 200", "not-measured"),
        }, root.GetProperty("sweeps").EnumerateArray().Select(Sweep));
        Assert.Equal((3, 2), (root.GetProperty("compilerLog").GetProperty("sweeps").GetInt32(), root.GetProperty("compilerLog").GetProperty("added").GetInt32()));
    }

    [Fact]
    public void A_v1_0_log_is_read_too_suppressed_results_included()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir);
        var log = Sarif.V10(dir.File("Lab.sarif"),
            Sarif.Carb001V1(Path.Combine(projectDir, "Models", "ForwardForward.cs"), 134, "Lab.Models.ForwardForward.TrainLayer", "6", "foreach, 3 × 2", suppressed: true),
            Sarif.Carb001V1(Path.Combine(projectDir, "Program.cs"), 25, "Lab.Program.Run", null, "for, size unknown"));

        var outcome = Footprint(dll, dir, "--error-log", log, "--project-dir", projectDir);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(new[]
        {
            ("Lab.Models.ForwardForward.TrainLayer", "Models/ForwardForward.cs", 134, (long?)6, "foreach, 3 × 2", "not-measured"),
            ("Lab.Program.Run", "Program.cs", 25, (long?)null, "for, size unknown", "unknown-size"),
        }, Report(dir).GetProperty("sweeps").EnumerateArray().Select(Sweep));
    }

    [Fact]
    public void Files_outside_the_project_are_named_by_file_name_and_relative_uris_are_under_the_project()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir);
        var log = Sarif.V21(dir.File("Lab.sarif"),
            Sarif.Carb001(dir.File("Shared/Loops.cs"), 7, "Lab.Shared.Loop", "4", "for, 4"),
            Sarif.Carb001("Models/Relative%20Name.cs", 9, "Lab.Models.Relative", "2", "for, 2", rawUri: true),
            // Another case on a case-insensitive file system: still under the project.
            Sarif.Carb001(Path.Combine(projectDir.ToUpperInvariant(), "Upper.cs"), 3, "Lab.Upper", "1", "for, 1"));

        Footprint(dll, dir, "--error-log", log, "--project-dir", projectDir + Path.DirectorySeparatorChar);

        Assert.Equal(new[] { ("Loops.cs", 7), ("Models/Relative Name.cs", 9), ("Upper.cs", 3) },
            Report(dir).GetProperty("sweeps").EnumerateArray().Select(s => (s.GetProperty("file").GetString()!, s.GetProperty("line").GetInt32())));
    }

    [Fact]
    public void A_missing_log_is_a_problem_and_the_rest_of_the_report_stands()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir, InventorySweep);
        var missing = dir.File("obj/Lab.sarif");

        var outcome = Footprint(dll, dir, "--error-log", missing, "--project-dir", projectDir);

        Assert.Equal(0, outcome.ExitCode);
        var root = Report(dir);
        Assert.Equal($"no compiler log at {missing}: sweeps that CARB001 reports are not listed; it is written by the next compile",
            Assert.Single(root.GetProperty("problems").EnumerateArray()).GetString());
        Assert.Equal("missing", root.GetProperty("compilerLog").GetProperty("status").GetString());
        Assert.Equal("Trainer.Train", Assert.Single(root.GetProperty("methods").EnumerateArray()).GetProperty("name").GetString());
        var sweep = Sweep(Assert.Single(root.GetProperty("sweeps").EnumerateArray()));
        Assert.Equal(("Trainer.Train", "Program.cs", 30), (sweep.Method, sweep.File, sweep.Line));
        Assert.Contains($"Compiler log: `{missing}` (missing).", File.ReadAllText(dir.File("obj/carbon-footprint.md")));
    }

    [Theory]
    [InlineData("{\"version\": \"2.1.0\", \"runs\": [", "is not valid JSON")]
    [InlineData("[]", "is not a SARIF log: the top level is not a JSON object")]
    [InlineData("{\"schema\": \"carbonattrs-footprint/1\"}", "is not a SARIF log: no \"version\"")]
    [InlineData("{\"version\": \"2.1.0\"}", "is not a SARIF log: no \"runs\" array")]
    [InlineData("{\"version\": \"3.0\", \"runs\": []}", "is not a SARIF log: version \"3.0\" is neither 1.0.0 nor 2.x")]
    public void A_malformed_log_is_a_problem_naming_the_file_and_the_rest_of_the_report_stands(string text, string problem)
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir, InventorySweep);
        var log = dir.File("Lab.sarif");
        File.WriteAllText(log, text);

        var outcome = Footprint(dll, dir, "--error-log", log, "--project-dir", projectDir);

        Assert.Equal(0, outcome.ExitCode);
        var root = Report(dir);
        Assert.StartsWith($"compiler log {log} {problem}", Assert.Single(root.GetProperty("problems").EnumerateArray()).GetString());
        Assert.Equal("error", root.GetProperty("compilerLog").GetProperty("status").GetString());
        Assert.Single(root.GetProperty("methods").EnumerateArray());
        Assert.Equal("Trainer.Train", Assert.Single(root.GetProperty("sweeps").EnumerateArray()).GetProperty("method").GetString());
    }

    [Fact]
    public void A_log_sweep_whose_method_has_runs_is_projected_and_gated_by_the_budget()
    {
        using var dir = new TempFolder();
        var (projectDir, dll) = Project(dir);
        var log = Sarif.V21(dir.File("Lab.sarif"),
            Sarif.Carb001(Path.Combine(projectDir, "Models", "ForwardForward.cs"), 134, "Lab.Models.ForwardForward.TrainLayer", "100", "foreach, 10 × 10"));
        // Three runs of 1, 2 and 3 g CO2eq (10, 20, 30 Wh at 100 g/kWh): median 2 g, p10 1.2 g, p90 2.8 g.
        var ledger = LedgerWriter.Write(dir.File("emissions.csv"), new[] { 0.010, 0.020, 0.030 }
            .Select(kwh => new TestRow { Method = "Lab.Models.ForwardForward.TrainLayer", CpuKwh = 0, RamKwh = 0, GpuKwh = kwh }));

        var outcome = Footprint(dll, dir, "--ledger", ledger, "--budget-kg", "0.1", "--error-log", log, "--project-dir", projectDir);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("Models/ForwardForward.cs(134): error CARB110: sweep at Models/ForwardForward.cs(134) runs Lab.Models.ForwardForward.TrainLayer 100 times: "
                     + "projected 200 g CO2eq (range 120 g CO2eq–280 g CO2eq, 2 kWh) exceeds the carbon budget of 100 g CO2eq (CarbonBudgetKgCO2e)",
            outcome.Error.Trim());
        var sweep = Assert.Single(Report(dir).GetProperty("sweeps").EnumerateArray());
        Assert.Equal("projected", sweep.GetProperty("status").GetString());
        Assert.Equal(0.2, sweep.GetProperty("projected").GetProperty("emissionsKg").GetDouble(), 9);
        Assert.True(sweep.GetProperty("overBudget").GetBoolean());
    }

    [Fact]
    public void An_empty_error_log_option_is_unset()
    {
        using var dir = new TempFolder();
        var (_, dll) = Project(dir, InventorySweep);

        var outcome = Footprint(dll, dir, "--error-log", "", "--project-dir", "");

        Assert.Equal(0, outcome.ExitCode);
        var root = Report(dir);
        Assert.False(root.TryGetProperty("compilerLog", out _));
        Assert.Empty(root.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public void The_runner_reads_error_log_and_project_dir_and_empty_values_are_unset()
    {
        Assert.True(Runner.TryParse(new[] { "--assembly", "a.dll", "--out", "obj", "--error-log", "obj/a.sarif", "--project-dir", "/src/lab" }, out var given, out _));
        Assert.Equal(("obj/a.sarif", "/src/lab"), (given.ErrorLog, given.ProjectDir));

        Assert.True(Runner.TryParse(new[] { "--assembly", "a.dll", "--out", "obj", "--error-log", "", "--project-dir", " ", "--budget-kg", "" }, out var empty, out _));
        Assert.Equal(((string?)null, (string?)null, (double?)null), (empty.ErrorLog, empty.ProjectDir, empty.BudgetKg));
        Assert.Null(CompilerLogInput.From(empty.ErrorLog, empty.ProjectDir));

        Assert.True(Runner.TryParse(new[] { "--assembly", "a.dll", "--out", "obj", "--ledger", "a.csv;b.csv", "--budget-kg", "0.5" }, out var old, out _));
        Assert.Equal(new[] { "a.csv", "b.csv" }, old.Ledgers);
        Assert.Equal(((double?)0.5, (string?)null, (string?)null), (old.BudgetKg, old.ErrorLog, old.ProjectDir));

        Assert.False(Runner.TryParse(new[] { "--assembly", "a.dll", "--out", "obj", "--error-log" }, out _, out var problem));
        Assert.Equal("--error-log needs a value", problem);
        Assert.False(Runner.TryParse(new[] { "--assembly", "a.dll", "--out", "obj", "--errorlog", "a.sarif" }, out _, out problem));
        Assert.Equal("unknown option --errorlog", problem);
        Assert.Contains("[--error-log FILE] [--project-dir DIR]", Runner.Usage);
    }

    [Fact]
    public void Without_a_project_dir_paths_are_relative_to_the_current_directory()
    {
        var input = CompilerLogInput.From("a.sarif", null)!;

        Assert.Equal((Path.GetFullPath("a.sarif"), Directory.GetCurrentDirectory()), (input.Path, input.ProjectDirectory));
        Assert.Equal(Path.GetFullPath("/src/lab"), CompilerLogInput.From("a.sarif", "/src/lab")!.ProjectDirectory);
    }

    /// <summary>Compiler logs in csc's layout (the tool, rules and invocations a real log has around the results are left out).</summary>
    private static class Sarif
    {
        public static JsonObject Carb001(string file, int line, string method, string? size, string description, bool suppressed = false, bool rawUri = false)
        {
            var custom = new Dictionary<string, string> { ["EnclosingMethodLocation"] = "1", ["RunMethodLocation"] = "0", ["SweepMethod"] = method, ["SweepDescription"] = description };
            if (size is not null) custom["SweepSize"] = size;
            var result = Result("CARB001", file, line, custom, rawUri);
            if (suppressed) result["suppressions"] = new JsonArray(new JsonObject { ["kind"] = "inSource" });
            return result;
        }

        public static JsonObject Result(string ruleId, string file, int line, Dictionary<string, string> custom, bool rawUri = false)
            => new()
            {
                ["ruleId"] = ruleId,
                ["ruleIndex"] = 317,
                ["level"] = "warning",
                ["message"] = new JsonObject { ["text"] = $"This sweep starts a training run ('{custom.GetValueOrDefault("SweepMethod", "Run")}') on every iteration" },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = rawUri ? file : new Uri(file).AbsoluteUri },
                        ["region"] = Region(line),
                    },
                }),
                ["relatedLocations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = "file:///elsewhere/Other.cs" },
                        ["region"] = Region(1),
                    },
                }),
                ["properties"] = new JsonObject { ["warningLevel"] = 1, ["customProperties"] = Custom(custom) },
            };

        public static JsonObject Carb001V1(string file, int line, string method, string? size, string description, bool suppressed = false)
        {
            var custom = new Dictionary<string, string> { ["SweepMethod"] = method, ["SweepDescription"] = description };
            if (size is not null) custom["SweepSize"] = size;
            var result = new JsonObject
            {
                ["ruleId"] = "CARB001",
                ["level"] = "warning",
                ["message"] = $"This sweep starts a training run ('{method}') on every iteration",
                ["locations"] = new JsonArray(new JsonObject { ["resultFile"] = new JsonObject { ["uri"] = new Uri(file).AbsoluteUri, ["region"] = Region(line) } }),
                ["properties"] = new JsonObject { ["warningLevel"] = 1, ["customProperties"] = Custom(custom) },
            };
            if (suppressed) result["isSuppressedInSource"] = true;
            return result;
        }

        public static string V21(string path, params JsonObject[] results)
            => Write(path, new JsonObject
            {
                ["$schema"] = "http://json.schemastore.org/sarif-2.1.0",
                ["version"] = "2.1.0",
                ["runs"] = new JsonArray(new JsonObject
                {
                    ["results"] = new JsonArray(results.Cast<JsonNode>().ToArray()),
                    ["properties"] = new JsonObject { ["analyzerExecutionTime"] = "0.123" },
                    ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "Microsoft (R) Visual C# Compiler", ["version"] = "5.9.0", ["rules"] = new JsonArray() } },
                    ["columnKind"] = "utf16CodeUnits",
                }),
            });

        public static string V10(string path, params JsonObject[] results)
            => Write(path, new JsonObject
            {
                ["$schema"] = "http://json.schemastore.org/sarif-1.0.0",
                ["version"] = "1.0.0",
                ["runs"] = new JsonArray(new JsonObject
                {
                    ["tool"] = new JsonObject { ["name"] = "Microsoft (R) Visual C# Compiler", ["version"] = "5.9.0" },
                    ["results"] = new JsonArray(results.Cast<JsonNode>().ToArray()),
                    ["rules"] = new JsonObject(),
                }),
            });

        private static JsonObject Region(int line)
            => new() { ["startLine"] = line, ["startColumn"] = 13, ["endLine"] = line, ["endColumn"] = 16 };

        private static JsonObject Custom(Dictionary<string, string> values)
            => new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

        private static string Write(string path, JsonObject log)
        {
            File.WriteAllText(path, log.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return path;
        }
    }
}
