using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;

namespace CarbonAttrs.Samples.MLNet.Tests;

/// <summary>
/// The ML.NET sample, built by this project's reference, run as a real process on a small grid: it must write one ledger
/// row per configuration with its hyperparameters and accuracy, and its build's footprint must list its grid.
/// </summary>
public sealed class MlNetSampleTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> Metadata =
        typeof(MlNetSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "");

    private static readonly string SampleDirectory = Metadata["SampleDirectory"];
    private static readonly string Configuration = Metadata["Configuration"];

    private readonly string _output = Path.Combine(Path.GetTempPath(), "carbonattrs-mlnet-sample-" + Guid.NewGuid().ToString("N"));

    public MlNetSampleTests() => Directory.CreateDirectory(_output);

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Sample_writes_a_ledger_row_per_configuration_with_hyperparameters_and_accuracy()
    {
        var (exitCode, stdout) = RunSample("--rows", "2000", "--trees", "20");

        Assert.True(exitCode == 0, stdout);
        Assert.Contains("|   # | leaves | lr   | test acc. |", stdout);
        var rows = ReadLedger(Path.Combine(_output, "emissions.csv"));
        var runs = rows.Where(r => r["method"] == "FastTreeGridTrainer.Train").ToList();
        Assert.Equal(4, runs.Count);
        var grid = new List<(int Leaves, double LearningRate)>();
        foreach (var run in runs)
        {
            Assert.Equal("ok", run["status"]);
            Assert.Equal("fasttree-grid", run["experiment_id"]);
            using var hyperparameters = JsonDocument.Parse(run["hyperparameters"]);
            var root = hyperparameters.RootElement;
            Assert.Equal(20, root.GetProperty("numberOfTrees").GetInt32());
            grid.Add((root.GetProperty("numberOfLeaves").GetInt32(), root.GetProperty("learningRate").GetDouble()));
            var accuracy = double.Parse(run["result"], CultureInfo.InvariantCulture);
            Assert.InRange(accuracy, 0.6, 1.0);   // the generated task is learnable: far above chance
            Assert.True(double.Parse(run["energy_consumed"], CultureInfo.InvariantCulture) > 0, "energy_consumed");
        }

        Assert.Equal([(4, 0.05), (4, 0.3), (32, 0.05), (32, 0.3)], grid);
        var total = Assert.Single(rows, r => r["method"] == "fasttree-grid (total)");
        Assert.Equal("ok", total["status"]);
        // The four runs are nested in the grid's window.
        Assert.All(runs, r => Assert.Equal(total["run_id"], r["parent_run_id"]));
    }

    [Fact]
    public void Redirected_output_is_plain_text_with_tables_whose_columns_line_up()
    {
        var (exitCode, stdout) = RunSample("--rows", "2000", "--trees", "20");

        Assert.True(exitCode == 0, stdout);
        Assert.DoesNotContain('\u001b', stdout);   // no colour, no cursor movement: a log a script can read
        var tables = TableLayout.Tables(stdout);
        Assert.Equal(2, tables.Count);              // the figures, then the sources
        foreach (var table in tables)
        {
            // Header, rule, four configurations and the grid's total, each on one line.
            Assert.Equal(7, table.Count);
            TableLayout.AssertAligned(table);
        }
        Assert.Contains(tables[1], l => l.Contains("| cpu source ", StringComparison.Ordinal));
    }

    [Fact]
    public void On_a_100_column_terminal_the_tables_fit_and_their_columns_line_up()
    {
        var (exitCode, output) = RunSampleOnTerminal(columns: 100, "--rows", "2000", "--trees", "20");

        Assert.True(exitCode == 0, output);
        var screen = TableLayout.Visible(output);
        Assert.Contains('╭', screen);         // a terminal gets boxes, not the ASCII of a log
        var tables = TableLayout.Tables(screen);
        Assert.Equal(2, tables.Count);
        foreach (var table in tables)
        {
            TableLayout.AssertAligned(table);
            Assert.All(table, line => Assert.True(line.Length <= 100, $"wider than the terminal ({line.Length}): {line}"));
        }
    }

    [Fact]
    public void Sample_rejects_a_malformed_argument_with_usage()
    {
        var (exitCode, stdout) = RunSample("--rows", "ten");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown or malformed argument '--rows'", stdout);
        Assert.False(File.Exists(Path.Combine(_output, "emissions.csv")));
    }

    [Fact]
    public void Sample_build_footprint_lists_the_MlNet_grid_with_its_size()
    {
        var report = Path.Combine(SampleDirectory, "obj", Configuration, "net10.0", "carbon-footprint.json");
        Assert.True(File.Exists(report), report + " was not written by the sample's build");
        using var json = JsonDocument.Parse(File.ReadAllText(report));

        var sweep = Assert.Single(json.RootElement.GetProperty("sweeps").EnumerateArray());
        Assert.Equal("FastTreeGridTrainer.Train", sweep.GetProperty("method").GetString());
        Assert.Equal("Grid.cs", sweep.GetProperty("file").GetString());
        Assert.Equal(4, sweep.GetProperty("size").GetInt32());
    }

    [Fact]
    public void Sample_grid_measured_by_its_own_run_is_gated_by_a_carbon_budget_at_build_time()
    {
        // Measure the grid once: the ledger now holds four runs of the training method.
        var (exitCode, stdout) = RunSample("--rows", "2000", "--trees", "20");
        Assert.True(exitCode == 0, stdout);
        var ledger = Path.Combine(_output, "emissions.csv");

        // Build a copy of the sample against that ledger with a budget far below its projection (one microgram).
        var copy = CopySampleProject();
        var (buildExit, buildLog) = Run(copy, new Dictionary<string, string?>(),
            "build", "-c", Configuration, "-nologo", "-tl:off", "-nodeReuse:false", "-p:BuildProjectReferences=false",
            "-p:CarbonBudgetKgCO2e=0.000000001", "-p:CarbonLedger=" + ledger);

        Assert.True(buildExit != 0, buildLog);
        var error = Assert.Single(buildLog.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error CARB110: ", StringComparison.Ordinal)).Distinct());
        Assert.Contains("Grid.cs(19)", error);
        Assert.Contains("runs FastTreeGridTrainer.Train 4 times", error);
    }

    /// <summary>The sample's sources and project in a temporary folder, consuming this repository as the samples do.</summary>
    private string CopySampleProject()
    {
        var copy = Path.Combine(_output, "sample");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(SampleDirectory).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var repositoryRoot = Path.GetFullPath(Path.Combine(SampleDirectory, "..", "..")) + "/";
        File.WriteAllText(Path.Combine(copy, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <CarbonAttrsRepoRoot>{repositoryRoot}</CarbonAttrsRepoRoot>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(copy, "Directory.Packages.props"), $"<Project><Import Project=\"{repositoryRoot}Directory.Packages.props\" /></Project>");
        File.Copy(Path.Combine(repositoryRoot, "nuget.config"), Path.Combine(copy, "nuget.config"));
        return copy;
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> (a null environment value removes the variable); stdout and stderr together.</summary>
    private static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
        {
            if (value is null)
                info.Environment.Remove(key);
            else
                info.Environment[key] = value;
        }
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var key in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private (int ExitCode, string Output) RunSample(params string[] arguments)
        => Run(_output, new Dictionary<string, string?> { ["CARBONATTRS_OUTPUT_DIR"] = _output, ["CARBONATTRS_DISABLED"] = null }, [SampleProgram(), .. arguments]);

    /// <summary>
    /// Runs the sample on a pseudo-terminal of <paramref name="columns"/> columns: util-linux script(1) opens it and stty
    /// sizes it before the sample starts. Returns what the terminal received, escape sequences included.
    /// </summary>
    private (int ExitCode, string Output) RunSampleOnTerminal(int columns, params string[] arguments)
    {
        var command = $"stty cols {columns} rows 50; exec dotnet '{SampleProgram()}' {string.Join(' ', arguments)}";
        var info = new ProcessStartInfo("script") { WorkingDirectory = _output, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-qfec", command, "/dev/null" })
            info.ArgumentList.Add(argument);
        info.Environment["CARBONATTRS_OUTPUT_DIR"] = _output;
        info.Environment.Remove("CARBONATTRS_DISABLED");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();   // script ends the session when its input ends, after the sample exits
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }

    private static string SampleProgram()
    {
        var program = Path.Combine(SampleDirectory, "bin", Configuration, "net10.0", "CarbonAttrs.Samples.MLNet.dll");
        Assert.True(File.Exists(program), program + " is missing: build the sample (this test project references it)");
        return program;
    }

    /// <summary>The ledger's rows as column-name maps (BCL CSV reader: quoted JSON fields stay whole).</summary>
    private static List<Dictionary<string, string>> ReadLedger(string path)
    {
        Assert.True(File.Exists(path), path + " was not written");
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            Assert.Equal(header.Length, fields.Length);
            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }
        return rows;
    }
}
