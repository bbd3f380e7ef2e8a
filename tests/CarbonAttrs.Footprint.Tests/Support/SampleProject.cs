using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CarbonAttrs.Footprint.Tests.Support;

/// <summary>
/// A small console project in a temporary folder that consumes CarbonAttrs from this repository the way the
/// samples do (eng/CarbonAttrs.Consumer.props: runtime, generator, analyzers, footprint targets and runner), with a
/// prepared ledger next to it. Built with real <c>dotnet build</c>s; the repository projects were built by this test project
/// (its project references), so the sample's builds skip them (BuildProjectReferences=false).
/// </summary>
public sealed class SampleProject : IDisposable
{
    public const string Name = "FootprintSample";

    public SampleProject(string programSource, string ledgerCsv, bool referenceTorchSharp = true)
    {
        var metadata = typeof(SampleProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "");
        RepositoryRoot = metadata["RepositoryRoot"];
        Configuration = metadata["Configuration"];
        var torchSharp = metadata["TorchSharpPath"];
        Directory = Path.Combine(Path.GetTempPath(), "carbonattrs-footprint-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);

        // Only the repository root comes from outside: no Directory.Build.props / Directory.Packages.props of the repository.
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"),
            $"<Project><PropertyGroup><CarbonAttrsRepoRoot>{RepositoryRoot}</CarbonAttrsRepoRoot></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(Directory, "Directory.Packages.props"), "<Project />");
        File.Copy(Path.Combine(RepositoryRoot, "nuget.config"), Path.Combine(Directory, "nuget.config"));
        // TorchSharp's metadata only (compile, never run: no native libtorch), straight from the package folder.
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="$(CarbonAttrsRepoRoot)eng/CarbonAttrs.Consumer.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup Condition="{(referenceTorchSharp ? "true" : "false")}">
                <Reference Include="{torchSharp}" Private="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), programSource);
        File.WriteAllText(LedgerPath, ledgerCsv);
    }

    public string RepositoryRoot { get; }
    public string Configuration { get; }
    public string Directory { get; }
    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");
    public string LedgerPath => Path.Combine(Directory, "emissions.csv");
    public string IntermediateDirectory => Path.Combine(Directory, "obj", Configuration, "net10.0");
    public string ReportJson => Path.Combine(IntermediateDirectory, "carbon-footprint.json");
    public string ReportMarkdown => Path.Combine(IntermediateDirectory, "carbon-footprint.md");

    /// <summary><c>dotnet build</c> with normal verbosity (so skipped targets are logged), plain console output.</summary>
    public BuildOutcome Build(params string[] properties)
    {
        var arguments = new StringBuilder($"build \"{ProjectFile}\" -c {Configuration} -nologo -v:n -tl:off -nodeReuse:false -p:BuildProjectReferences=false");
        foreach (var property in properties)
            arguments.Append(" \"-p:").Append(property).Append('"');

        var info = new ProcessStartInfo("dotnet", arguments.ToString())
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var key in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish in 4 minutes:\n" + output);
        }
        process.WaitForExit();
        return new BuildOutcome(process.ExitCode, output.ToString());
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A finished build: exit code and the console log.</summary>
public sealed record BuildOutcome(int ExitCode, string Output)
{
    /// <summary>Lines of the log that contain <paramref name="text"/>, trimmed, without the <c>-v:n</c> node prefix (<c>1&gt;</c>).</summary>
    public IReadOnlyList<string> LinesContaining(string text)
        => Output.Split('\n').Select(l => NodePrefix.Replace(l.Trim(), "")).Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();

    private static readonly System.Text.RegularExpressions.Regex NodePrefix = new(@"^\d+(:\d+)?>");

    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}
