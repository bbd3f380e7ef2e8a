using System.Diagnostics;
using System.Reflection;
using CarbonAttrs.Footprint.Tests.Support;

namespace CarbonAttrs.Footprint.Tests;

/// <summary>
/// The footprint step turned off, a missing runner, and the runner's own failure paths: each says what is wrong
/// and how to fix it, and none of them breaks a build that has no budget to enforce.
/// </summary>
public sealed class FootprintFailureTests
{
    private const string Program = """
        using CarbonAttrs;

        System.Console.WriteLine(Work.Run(3));

        internal static class Work
        {
            [TrackEmissions]
            public static int Run(int n) => n * 2;
        }
        """;

    private const string EmptyLedger = "";

    [Fact]
    public void CarbonFootprintEnabled_false_builds_without_running_the_step()
    {
        using var sample = new SampleProject(Program, EmptyLedger);
        var build = sample.Build("CarbonFootprintEnabled=false");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.LinesContaining("CarbonAttrs footprint:"));
        Assert.False(File.Exists(sample.ReportJson), "the report was written although the step is off");
        Assert.False(File.Exists(sample.ReportMarkdown));
    }

    [Fact]
    public void A_missing_runner_is_a_warning_naming_the_setting_and_the_build_succeeds()
    {
        using var sample = new SampleProject(Program, EmptyLedger);
        var build = sample.Build("CarbonFootprintRunner=/nonexistent/CarbonAttrs.Footprint.dll");

        Assert.True(build.ExitCode == 0, build.ToString());
        var warning = Assert.Single(build.LinesContaining("warning").Where(l => l.Contains("CarbonAttrs footprint: no report")).Distinct());
        Assert.Contains("the runner /nonexistent/CarbonAttrs.Footprint.dll was not found", warning);
        Assert.Contains("CarbonFootprintEnabled=false", warning);
        Assert.False(File.Exists(sample.ReportJson));
    }

    [Theory]
    [InlineData(new string[0], "--assembly and --out are required")]
    [InlineData(new[] { "--assembly", "a.dll", "--out" }, "--out needs a value")]
    [InlineData(new[] { "--assembly", "a.dll", "--out", "o", "--budget-kg", "0,5" }, "--budget-kg '0,5' is not a non-negative number of kg CO2eq (use a '.' decimal point)")]
    [InlineData(new[] { "--assembly", "a.dll", "--out", "o", "--budget-kg", "-1" }, "--budget-kg '-1' is not a non-negative number")]
    [InlineData(new[] { "--assembly", "a.dll", "--out", "o", "--frobnicate", "1" }, "unknown option --frobnicate")]
    public void Bad_arguments_exit_2_with_the_problem_and_the_usage(string[] arguments, string problem)
    {
        var (exitCode, _, error) = RunRunner(Path.GetTempPath(), arguments);
        Assert.Equal(2, exitCode);
        Assert.Contains("error: " + problem, error);
        Assert.Contains("usage: CarbonAttrs.Footprint --assembly DLL --out DIR", error);
    }

    [Fact]
    public void An_unreadable_assembly_or_an_unwritable_output_exits_2_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("carbonattrs-footprint-runner-").FullName;
        try
        {
            var notAnAssembly = Path.Combine(folder, "NotAnAssembly.dll");
            File.WriteAllText(notAnAssembly, "this is not a PE file");
            var (exitCode, _, error) = RunRunner(folder, "--assembly", notAnAssembly, "--out", Path.Combine(folder, "out"));
            Assert.Equal(2, exitCode);
            Assert.Contains($"error: cannot read the inventory of {notAnAssembly}", error);

            var missing = Path.Combine(folder, "Missing.dll");
            (exitCode, _, error) = RunRunner(folder, "--assembly", missing, "--out", Path.Combine(folder, "out"));
            Assert.Equal(2, exitCode);
            Assert.Contains($"error: cannot read the inventory of {missing}", error);

            // A real assembly (the runner itself has no inventory, which is fine) but an output path that is a file.
            var blocked = Path.Combine(folder, "blocked");
            File.WriteAllText(blocked, "");
            (exitCode, _, error) = RunRunner(folder, "--assembly", RunnerPath, "--out", blocked);
            Assert.Equal(2, exitCode);
            Assert.Contains($"error: the footprint report could not be written to {blocked}", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RunnerPath
    {
        get
        {
            var metadata = typeof(FootprintFailureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "");
            return Path.Combine(metadata["RepositoryRoot"], "src", "CarbonAttrs.Footprint", "bin", metadata["Configuration"], "net8.0", "CarbonAttrs.Footprint.dll");
        }
    }

    private static (int ExitCode, string Output, string Error) RunRunner(string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(RunnerPath), "the footprint runner was not built: " + RunnerPath);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(RunnerPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the footprint runner did not finish in 60 s");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
