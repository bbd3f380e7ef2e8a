using System.Diagnostics;
using System.Reflection;

namespace CarbonAttrs.Package.Tests;

/// <summary>
/// Packs the repository once into a temporary local feed, with a version suffix unique to this run so the
/// NuGet cache never serves a stale package of the same version.
/// </summary>
public sealed class LocalFeedFixture : IDisposable
{
    public LocalFeedFixture()
    {
        RepositoryRoot = typeof(LocalFeedFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        WorkRoot = Path.Combine(Path.GetTempPath(), "carbonattrs-package-tests", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(WorkRoot, "feed");
        Directory.CreateDirectory(Feed);
        VersionSuffix = "it" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var prefix = ReadVersionPrefix(RepositoryRoot);
        Version = prefix + "-" + VersionSuffix;

        var pack = Shell.Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot, "CarbonAttrs.sln")}\" -c Release -o \"{Feed}\" --version-suffix {VersionSuffix} -p:ContinuousIntegrationBuild=false", RepositoryRoot, TimeSpan.FromMinutes(15));
        PackOutput = pack.Output;
        if (pack.ExitCode != 0)
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);

        File.WriteAllText(Path.Combine(WorkRoot, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        // Keep the consumer projects out of the repository's Directory.Build.props / Directory.Packages.props.
        File.WriteAllText(Path.Combine(WorkRoot, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(WorkRoot, "Directory.Packages.props"), "<Project />");
    }

    public string RepositoryRoot { get; }
    public string WorkRoot { get; }
    public string Feed { get; }
    public string VersionSuffix { get; }
    public string Version { get; }
    public string PackOutput { get; }

    /// <summary>A fresh console project in its own folder under the fixture's root (which holds the nuget.config).</summary>
    public string NewConsoleProject(string name)
    {
        var dir = Path.Combine(WorkRoot, name);
        var result = Shell.Run("dotnet", $"new console -n {name} -o \"{dir}\" --framework net10.0", WorkRoot, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Output);
        return dir;
    }

    private static string ReadVersionPrefix(string root)
    {
        var props = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
        var start = props.IndexOf("<VersionPrefix>", StringComparison.Ordinal) + "<VersionPrefix>".Length;
        return props.Substring(start, props.IndexOf("</VersionPrefix>", StringComparison.Ordinal) - start);
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkRoot, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalFeedCollection : ICollectionFixture<LocalFeedFixture>
{
    public const string Name = "Local feed";
}

internal static class Shell
{
    public static (int ExitCode, string Output) Run(string file, string arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not leak into the child builds.
        foreach (var key in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);
        if (environment is not null)
            foreach (var pair in environment)
                info.Environment[pair.Key] = pair.Value;

        using var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + $"\n[timed out after {timeout}]");
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }
}
