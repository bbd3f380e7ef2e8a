using System.Diagnostics;
using System.Text;

namespace CarbonAttrs.Analyzers.Tests.CodeFixes;

/// <summary>
/// The CARB101 and CARB106 fixes through <c>dotnet format analyzers --diagnostics ID</c> on a real console project in a
/// temporary folder, built with real <c>dotnet build</c>s before and after. The project takes CarbonAttrs the way the
/// package gives it (runtime reference; generator, analyzers and code fixes as analyzers), from this test's output.
/// </summary>
public sealed class DotnetFormatFixTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "carbonattrs-format-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Dotnet_format_makes_a_private_tracked_method_of_a_static_class_internal_and_the_build_is_clean()
    {
        var program = WriteProject("net8.0", """
            using CarbonAttrs;

            Console.WriteLine(Trainer.Sweep());

            static class Trainer
            {
                public static double Sweep() { var s = 0.0; foreach (var lr in new[] { 0.1, 0.01 }) s += Fit(lr); return s; }

                [TrackEmissions]
                static double Fit(double lr) => lr * 10;
            }
            """);

        var before = Dotnet("build -nologo -tl:off -v:q -nodeReuse:false");
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Contains("warning CARB101", before.Output, StringComparison.Ordinal);

        var format = Dotnet("format analyzers Trainer.csproj --diagnostics CARB101 --severity warn --no-restore");
        Assert.True(format.ExitCode == 0, format.Output);
        Assert.Contains("internal static double Fit(double lr)", File.ReadAllText(program), StringComparison.Ordinal);

        var after = Dotnet("build -nologo -tl:off -v:q -nodeReuse:false");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.DoesNotContain("CARB101", after.Output, StringComparison.Ordinal);
        Assert.Contains("0 Warning(s)", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotnet_format_moves_a_top_level_tracked_local_function_into_a_static_class_and_its_runs_get_rows()
    {
        var program = WriteProject("net10.0", """
            using CarbonAttrs;

            var total = 0.0;
            foreach (var lr in new[] { 0.1, 0.01 })
                total += Fit(lr);
            Console.WriteLine(total);

            [TrackEmissions]
            static double Fit(double lr) => lr * 10;
            """);

        var before = Dotnet("build -nologo -tl:off -v:q -nodeReuse:false");
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Contains("warning CARB106", before.Output, StringComparison.Ordinal);

        var format = Dotnet("format analyzers Trainer.csproj --diagnostics CARB106 --severity warn --no-restore");
        Assert.True(format.ExitCode == 0, format.Output);
        var text = File.ReadAllText(program);
        Assert.Contains("total += Steps.Fit(lr);", text, StringComparison.Ordinal);
        Assert.Contains("internal static class Steps", text, StringComparison.Ordinal);

        var after = Dotnet("build -nologo -tl:off -v:q -nodeReuse:false");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.DoesNotContain("CARB106", after.Output, StringComparison.Ordinal);
        Assert.Contains("0 Warning(s)", after.Output, StringComparison.Ordinal);

        // Measured now: one ledger row per run.
        var run = Dotnet("run --no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        var rows = File.ReadAllLines(Path.Combine(_directory, "emissions.csv")).Skip(1).ToList();
        Assert.Equal(2, rows.Count(r => r.Contains(",Steps.Fit,", StringComparison.Ordinal)));
    }

    // A console project taking CarbonAttrs the way the package gives it; returns the path of its Program.cs.
    private string WriteProject(string framework, string programSource)
    {
        Directory.CreateDirectory(_directory);
        var bin = AppContext.BaseDirectory;
        // Empty Directory.*.props: nothing of this repository's build leaks into the user's project.
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "Directory.Packages.props"), "<Project />");
        File.Copy(Path.Combine(Infrastructure.TestReferences.RepositoryRoot, "nuget.config"), Path.Combine(_directory, "nuget.config"));
        File.WriteAllText(Path.Combine(_directory, "Trainer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{framework}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <InterceptorsNamespaces>$(InterceptorsNamespaces);CarbonAttrs.Generated</InterceptorsNamespaces>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Path.Combine(bin, "CarbonAttrs.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "CarbonAttrs.Generators.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "CarbonAttrs.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "CarbonAttrs.CodeFixes.dll")}" />
              </ItemGroup>
            </Project>
            """);
        var program = Path.Combine(_directory, "Program.cs");
        File.WriteAllText(program, programSource);
        return program;
    }

    private (int ExitCode, string Output) Dotnet(string arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not leak into the child process.
        foreach (var key in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + arguments + " did not finish in 5 minutes:\n" + output);
        }
        process.WaitForExit();
        return (process.ExitCode, "dotnet " + arguments + "\n" + output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
