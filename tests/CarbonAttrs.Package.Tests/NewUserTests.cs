using System.IO.Compression;

namespace CarbonAttrs.Package.Tests;

[Collection(LocalFeedCollection.Name)]
public class NewUserTests
{
    private readonly LocalFeedFixture _feed;

    public NewUserTests(LocalFeedFixture feed) => _feed = feed;

    [Fact]
    public void The_package_holds_runtime_generator_analyzers_fixes_and_build_files()
    {
        var package = Path.Combine(_feed.Feed, $"CarbonAttrs.{_feed.Version}.nupkg");
        Assert.True(File.Exists(package), "missing " + package + "\n" + _feed.PackOutput);
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/netstandard2.0/CarbonAttrs.dll", entries);
        Assert.Contains("lib/net8.0/CarbonAttrs.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CarbonAttrs.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CarbonAttrs.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CarbonAttrs.CodeFixes.dll", entries);
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/CarbonAttrs.props", entries);
            Assert.Contains($"{folder}/CarbonAttrs.targets", entries);
            Assert.Contains($"{folder}/CarbonAttrs.Footprint.targets", entries);
        }
        // The footprint runner the build targets start, without the CLI's chart libraries.
        foreach (var file in new[] { "CarbonAttrs.Footprint.dll", "CarbonAttrs.Footprint.runtimeconfig.json", "CarbonAttrs.Footprint.deps.json", "CarbonAttrs.dll" })
            Assert.Contains("tools/footprint/" + file, entries);
        Assert.DoesNotContain(entries, e => e.Contains("ScottPlot") || e.Contains("SkiaSharp"));
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/") && e.Contains("CodeAnalysis"));
        Assert.True(File.Exists(Path.Combine(_feed.Feed, $"CarbonAttrs.{_feed.Version}.snupkg")), "symbols package missing");

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", manifest);
        Assert.Contains("<repository type=\"git\"", manifest);
        Assert.Contains("<readme>README.md</readme>", manifest);
    }

    [Fact]
    public void The_torchsharp_package_depends_on_carbonattrs_and_torchsharp_and_ships_the_load_fix()
    {
        var package = Path.Combine(_feed.Feed, $"CarbonAttrs.TorchSharp.{_feed.Version}.nupkg");
        Assert.True(File.Exists(package), "missing " + package);
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net8.0/CarbonAttrs.TorchSharp.dll", entries);
        Assert.Contains("buildTransitive/CarbonAttrs.TorchSharp.targets", entries);
        Assert.Contains("buildTransitive/TorchSharpGlibcxxFix.targets", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains($"<dependency id=\"CarbonAttrs\" version=\"{_feed.Version}\"", manifest);
        Assert.Contains("<dependency id=\"TorchSharp\" version=\"0.107.0\"", manifest);
    }

    [Fact]
    public void A_fresh_console_project_builds_clean_runs_and_writes_rows()
    {
        var project = _feed.NewConsoleProject("FreshUser");
        Add(project, "CarbonAttrs");
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using CarbonAttrs;

            var total = 0.0;
            for (var size = 1; size <= 3; size++)
                total += Work.Compute(size * 100_000, label: "size" + size);
            CarbonTracker.Flush();
            Console.WriteLine("total=" + total);

            static class Work
            {
                [TrackEmissions(Experiment = "fresh")]
                public static double Compute(int n, string label)
                {
                    var x = 0.0;
                    for (var i = 0; i < n; i++) x += Math.Sqrt(i);
                    return x;
                }
            }
            """);

        var build = Shell.Run("dotnet", "build -c Release", project, TimeSpan.FromMinutes(5));
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(" 0 Warning(s)", build.Output);
        // The package's footprint step ran: one line, the report next to the intermediate assembly.
        // The loop of 3 calls of the tracked method is in the inventory (any code, not only TorchSharp), not yet measured.
        Assert.Contains("CarbonAttrs footprint: FreshUser: 1 tracked method (0 measured), 1 sweep, 1 not yet measured", build.Output);
        Assert.True(File.Exists(Path.Combine(project, "obj", "Release", "net10.0", "carbon-footprint.json")), build.Output);

        var outputDir = Path.Combine(project, "ledger");
        var run = Shell.Run("dotnet", "run -c Release --no-build", project, TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["CARBONATTRS_OUTPUT_DIR"] = outputDir });
        Assert.True(run.ExitCode == 0, run.Output);

        var lines = File.ReadAllLines(Path.Combine(outputDir, "emissions.csv"));
        var rows = lines.Skip(1).Where(l => l.Contains(",Work.Compute,")).ToList();
        Assert.Equal(3, rows.Count); // one row per intercepted call: the interceptors are active with no manual property
        Assert.Contains(rows, r => r.Contains("\"{\"\"n\"\":200000,\"\"label\"\":\"\"size2\"\"}\""));
    }

    [Fact]
    public void A_red_ai_pattern_shows_its_carb_warning_in_the_build_output()
    {
        var project = _feed.NewConsoleProject("RedAiUser");
        Add(project, "CarbonAttrs");
        var torch = Shell.Run("dotnet", "add package TorchSharp --version 0.107.0", project, TimeSpan.FromMinutes(5));
        Assert.True(torch.ExitCode == 0, torch.Output);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using TorchSharp;
            using static TorchSharp.torch;

            foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                Trainer.Train(lr);

            static class Trainer
            {
                public static void Train(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.Adam(model.parameters(), lr);
                    for (var step = 0; step < 10; step++)
                    {
                        optimizer.zero_grad();
                        var loss = model.call(randn(8, 4)).sum();
                        loss.backward();
                        optimizer.step();
                    }
                }
            }
            """);

        var build = Shell.Run("dotnet", "build -c Release", project, TimeSpan.FromMinutes(5));
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning CARB001", build.Output);
        Assert.Contains("starts a training run ('Train')", build.Output);
        // With no [TrackEmissions] method the inventory is empty: CARB001 above is what tells the user to track the sweep
        // (the report lists it too only from a compiler error log: CarbonFootprintUntrackedSweeps or the project's ErrorLog).
        Assert.Contains("CarbonAttrs footprint: RedAiUser: 0 tracked methods (0 measured), 0 sweeps", build.Output);
    }

    [Fact]
    public void The_cli_installs_as_a_dotnet_tool_and_shows_help()
    {
        var toolPath = Path.Combine(_feed.WorkRoot, "tools");
        var install = Shell.Run("dotnet", $"tool install CarbonAttrs.Cli --version {_feed.Version} --tool-path \"{toolPath}\" --add-source \"{_feed.Feed}\"", _feed.WorkRoot, TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.Output);

        var help = Shell.Run(Path.Combine(toolPath, "carbonattrs"), "--help", _feed.WorkRoot, TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("report", help.Output);
        Assert.Contains("estimate", help.Output);
        Assert.Contains("budget", help.Output);
    }

    internal void Add(string project, string package)
    {
        var add = Shell.Run("dotnet", $"add package {package} --version {_feed.Version}", project, TimeSpan.FromMinutes(5));
        Assert.True(add.ExitCode == 0, add.Output);
    }
}
