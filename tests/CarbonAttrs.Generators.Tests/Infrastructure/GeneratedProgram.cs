using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>
/// A consumer program compiled with the generator and run as its own process (<c>dotnet program.dll</c>), so it is the
/// entry assembly and the runtime reads its inventory as a user's program would; the CarbonAttrs runtime under test sits
/// next to it. Inherited <c>CARBONATTRS_*</c> variables are removed; the test sets the ones it means.
/// </summary>
internal sealed class GeneratedProgram : IDisposable
{
    private GeneratedProgram(string directory, string dll)
    {
        Directory = directory;
        DllPath = dll;
    }

    public string Directory { get; }

    public string DllPath { get; }

    public static GeneratedProgram Build(string source)
    {
        var run = GeneratorHarness.Run(source);
        run.AssertClean();
        var compilation = run.Output.WithOptions(run.Output.Options.WithOutputKind(OutputKind.ConsoleApplication));
        var directory = Path.Combine(Path.GetTempPath(), "carbonattrs-program-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        const string name = "BudgetProgram";
        var dll = Path.Combine(directory, name + ".dll");
        File.WriteAllBytes(dll, GeneratorHarness.Emit(compilation.WithAssemblyName(name)));
        File.WriteAllText(Path.Combine(directory, name + ".runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\""
            + Environment.Version.Major + ".0.0\"},\"rollForward\":\"LatestMinor\"}}");
        var runtime = typeof(CarbonTracker).Assembly.Location;
        File.Copy(runtime, Path.Combine(directory, Path.GetFileName(runtime)));
        return new GeneratedProgram(directory, dll);
    }

    public ProgramOutcome Run(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{DllPath}\"")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CARBONATTRS_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the program did not finish in 2 minutes");
        }
        process.WaitForExit();
        return new ProgramOutcome(process.ExitCode, stdout, stderr.ToString());
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

internal sealed record ProgramOutcome(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
