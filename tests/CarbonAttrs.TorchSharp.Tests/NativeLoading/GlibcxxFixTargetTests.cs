using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CarbonAttrs.TorchSharp.Tests.NativeLoading;

/// <summary>
/// eng/TorchSharpGlibcxxFix.targets run by real MSBuild (the task compiled by RoslynCodeTaskFactory from
/// the shipped source) on a fake output folder, judged against libstdc++ copies with and without the version.
/// </summary>
public sealed class GlibcxxFixTargetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carbonattrs-glibcxx-target-").FullName;

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "eng", "TorchSharpGlibcxxFix.targets")))
                    return dir.FullName;
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    private static string CachedLibrary => typeof(GlibcxxFixTargetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TorchSharpNativeInNuGetCache").Value!;

    [Theory]
    [InlineData(false, true, true)]   // the system lacks GLIBCXX_3.4.32: patched
    [InlineData(true, true, false)]   // the system provides it: left alone
    [InlineData(false, false, false)] // opted out with CarbonAttrsGlibcxxFix=false: left alone
    public void TheTargetPatchesTheOutputCopyOnlyWhenTheSystemLacksTheVersion(bool systemProvides, bool enabled, bool expectWeak)
    {
        var output = Path.Combine(_folder, "bin") + Path.DirectorySeparatorChar;
        var library = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.Copy(CachedLibrary, library);
        var project = Path.Combine(_folder, "fix.proj");
        File.WriteAllText(project, $"<Project><Import Project=\"{Path.Combine(RepoRoot, "eng", "TorchSharpGlibcxxFix.targets")}\" /></Project>");

        var (exitCode, log) = RunMsBuild(project, "CarbonAttrsFixTorchSharpGlibcxxInOutput",
            $"-p:OutDir={output}", $"-p:CarbonAttrsLibStdCxx={LibStdCxx(systemProvides)}", $"-p:CarbonAttrsGlibcxxFix={enabled.ToString().ToLowerInvariant()}");

        Assert.True(exitCode == 0, log);
        var need = ElfVersions.ReadNeeds(File.ReadAllBytes(library)).Single(n => n.Name == GlibcxxFix.MissingVersion);
        Assert.Equal(expectWeak, (need.Flags & ElfVersions.VerFlagWeak) != 0);
        Assert.Equal(0, ElfVersions.ReadNeeds(File.ReadAllBytes(CachedLibrary)).Single(n => n.Name == GlibcxxFix.MissingVersion).Flags);
    }

    private string LibStdCxx(bool provides)
    {
        var bytes = File.ReadAllBytes(GlibcxxFix.FindSystemLibStdCxx()!);
        var (from, to) = provides ? ("GLIBCXX_3.4.30\0", "GLIBCXX_3.4.32\0") : ("GLIBCXX_3.4.32\0", "GLIBCXX_3.4.3X\0");
        var needle = Encoding.ASCII.GetBytes(from);
        for (var at = bytes.AsSpan().IndexOf(needle); at >= 0; at = bytes.AsSpan().IndexOf(needle))
            Encoding.ASCII.GetBytes(to).CopyTo(bytes, at);
        var path = Path.Combine(_folder, provides ? "with" : "without", "libstdc++.so.6");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(provides, GlibcxxFix.Provides(path, GlibcxxFix.MissingVersion));
        return path;
    }

    private static (int ExitCode, string Log) RunMsBuild(string project, string target, params string[] properties)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "msbuild", project, "-t:" + target, "-nologo", "-v:n", "-nodeReuse:false" }.Concat(properties))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "msbuild did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
