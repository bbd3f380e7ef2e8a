using System.Diagnostics;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Reliability.Tests.Inputs;

/// <summary><c>CARBONATTRS_LOG_LEVEL</c>: read once per process, so each case is a child process.</summary>
public sealed class LogLevelTests
{
    public const string ProbeVerb = "log-level-probe";

    /// <summary>The child: one debug message and one warning through the tracker's log.</summary>
    public static int Probe()
    {
        TrackerLog.Debug("probe", "log-level probe");
        TrackerLog.Warn("probe", "log-level probe warning");
        return 0;
    }

    [Theory]
    [InlineData("debug", true)]
    [InlineData("DEBUG", true)]
    [InlineData("", false)]
    [InlineData("verbose", false)]
    public void Debug_messages_reach_stderr_only_with_CARBONATTRS_LOG_LEVEL_debug_and_warnings_always(string level, bool debugShown)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", typeof(LogLevelTests).Assembly.Location, ProbeVerb })
            start.ArgumentList.Add(arg);
        start.Environment["CARBONATTRS_LOG_LEVEL"] = level;
        using var process = Process.Start(start)!;
        var (exitCode, _, error) = Support.ChildProcess.WaitForExit(process, TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Equal(debugShown, error.Contains("carbonattrs: debug: log-level probe"));
        Assert.Contains("carbonattrs: warning: log-level probe warning", error);
    }
}
