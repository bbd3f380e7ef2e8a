using System.Text.Json;
using CarbonAttrs.Footprint.Tests.Support;

namespace CarbonAttrs.Footprint.Tests;

/// <summary>
/// A sweep whose training is not tracked reaches the report through the compiler: CARB001 carries its method, size and
/// description in the compiler's error log (SARIF), and the runner lists the sweep from there, "not yet measured", next
/// to the tracked loop the generator's inventory holds. The log is the project's own <c>ErrorLog</c>, or one the targets
/// add with <c>CarbonFootprintUntrackedSweeps=true</c>; by default none is written (it slows every compile).
/// </summary>
public sealed class UntrackedSweepsFromCompilerLogTests
{
    private const int ExploreLine = 6;

    private const string Program = """
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        for (var i = 0; i < 3; i++) Lab.Train(0.1 * i);
        foreach (var lr in new[] { 0.01, 0.1 })
            Lab.Explore(lr);

        internal static class Lab
        {
            [TrackEmissions]
            public static void Train(double lr) => Explore(lr);

            // Trains with TorchSharp and is not tracked: CARB001 at the foreach above.
            public static void Explore(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (var epoch = 0; epoch < 10; epoch++)
                {
                    optimizer.zero_grad();
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }
        }
        """;

    private static string Ledger() => FootprintBuildFixture.Ledger(("Lab.Train", "ok", 0.04, 0.004, 10));

    [Fact]
    public void By_default_only_the_tracked_loop_is_listed_and_with_the_option_the_untracked_sweep_is_listed_from_the_compiler_log()
    {
        using var sample = new SampleProject(Program, Ledger());

        var plain = sample.Build();

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("1 tracked method (1 measured), 1 sweep, projected 12 g CO2eq", Assert.Single(plain.LinesContaining("CarbonAttrs footprint: " + SampleProject.Name + ":")));
        Assert.Empty(Directory.GetFiles(sample.Directory, "*.sarif", SearchOption.AllDirectories));

        // Turned on for a project already built: the compile runs again (an up-to-date compile would write no log).
        var build = sample.Build("CarbonFootprintUntrackedSweeps=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains(build.LinesContaining("warning CARB001"), l => l.Contains($"Program.cs({ExploreLine},", StringComparison.Ordinal));
        var summary = Assert.Single(build.LinesContaining("CarbonAttrs footprint: " + SampleProject.Name + ":"));
        Assert.Contains("1 tracked method (1 measured), 2 sweeps, projected 12 g CO2eq", summary);
        Assert.Contains("1 not yet measured", summary);

        var log = Path.Combine(sample.IntermediateDirectory, SampleProject.Name + ".carbonattrs.sarif");
        Assert.True(File.Exists(log), "the targets did not have the compiler write its error log");
        using var json = JsonDocument.Parse(File.ReadAllText(sample.ReportJson));
        var compilerLog = json.RootElement.GetProperty("compilerLog");
        Assert.Equal((log, "read", 1, 1), (compilerLog.GetProperty("path").GetString(), compilerLog.GetProperty("status").GetString(),
            compilerLog.GetProperty("sweeps").GetInt32(), compilerLog.GetProperty("added").GetInt32()));

        var sweeps = json.RootElement.GetProperty("sweeps").EnumerateArray()
            .Select(s => (Method: s.GetProperty("method").GetString()!, Line: s.GetProperty("line").GetInt32(), Size: s.GetProperty("size").GetInt64(),
                Description: s.GetProperty("description").GetString()!, Status: s.GetProperty("status").GetString()!))
            .ToArray();
        Assert.Equal(new[]
        {
            ("Lab.Train", 5, 3L, "for, 3", "projected"),                     // the generator's inventory: a loop over a tracked method
            ("Lab.Explore", ExploreLine, 2L, "foreach, 2", "not-measured"), // CARB001, through the compiler's log
        }, sweeps.Select(s => (s.Method, s.Line, s.Size, s.Description, s.Status)));
    }

    [Fact]
    public void A_project_with_its_own_error_log_keeps_it_and_the_report_reads_that_one()
    {
        using var sample = new SampleProject(Program, Ledger());
        var own = Path.Combine(sample.Directory, "analysis", "compiler.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(own)!);

        var build = sample.Build("ErrorLog=analysis/compiler.sarif");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(own), "the project's ErrorLog was not written");
        Assert.False(File.Exists(Path.Combine(sample.IntermediateDirectory, SampleProject.Name + ".carbonattrs.sarif")));
        using var json = JsonDocument.Parse(File.ReadAllText(sample.ReportJson));
        Assert.Equal(own, json.RootElement.GetProperty("compilerLog").GetProperty("path").GetString());
        Assert.Contains(json.RootElement.GetProperty("sweeps").EnumerateArray(), s => s.GetProperty("method").GetString() == "Lab.Explore");
    }

    [Fact]
    public void With_the_report_turned_off_no_error_log_is_written()
    {
        using var sample = new SampleProject(Program, Ledger());

        var build = sample.Build("CarbonFootprintEnabled=false", "CarbonFootprintUntrackedSweeps=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.LinesContaining("CarbonAttrs footprint:"));
        Assert.Empty(Directory.GetFiles(sample.Directory, "*.sarif", SearchOption.AllDirectories));
    }
}
