using System.Diagnostics;
using CarbonAttrs.Reliability.Tests.ChildWriter;

namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>Starts this test assembly as a child-writer process (see <see cref="ChildWriterProgram"/>).</summary>
public static class ChildProcess
{
    public static Process StartWriter(string outputDirectory, string name, long count, int flushEvery, int pauseMs = 0,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var assembly = typeof(ChildProcess).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", assembly, ChildWriterProgram.Verb, name, count.ToString(), flushEvery.ToString(), pauseMs.ToString() })
            start.ArgumentList.Add(arg);
        // Only what the child needs: a clean CarbonAttrs configuration whatever the parent's environment holds.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CARBONATTRS_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["CARBONATTRS_OUTPUT_DIR"] = outputDirectory;
        start.Environment["CARBONATTRS_INTENSITY_G_PER_KWH"] = "100";
        start.Environment["CARBONATTRS_CONFIG"] = Path.Combine(outputDirectory, "no-config.json");
        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return Process.Start(start)!;
    }

    /// <summary>Waits for a child to exit by itself; kills it and fails after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) WaitForExit(Process process, TimeSpan timeout)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"child {process.Id} did not finish within {timeout}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
