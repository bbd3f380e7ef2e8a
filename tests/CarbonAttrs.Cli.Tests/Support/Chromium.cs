using System.Diagnostics;

namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>Headless Chromium (Debian's <c>chromium</c>; <c>.ci/run</c> installs it when missing).</summary>
public static class Chromium
{
    private static readonly string[] Names = { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" };

    /// <summary>
    /// The browser to use: <c>CARBONATTRS_CHROMIUM</c> when set, else the first of the usual names found on the
    /// PATH (where <c>.ci/run</c> looks for it too).
    /// </summary>
    public static string? Path { get; } = Environment.GetEnvironmentVariable("CARBONATTRS_CHROMIUM") is { Length: > 0 } forced && File.Exists(forced)
        ? forced
        : Names.Select(FindOnPath).FirstOrDefault(p => p is not null);

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs the browser headless on <paramref name="arguments"/>; returns stdout.</summary>
    public static string Run(string profileDir, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("no browser"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profileDir })
            start.ArgumentList.Add(a);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish in 120 s: " + stderr.Result);
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

/// <summary>A fact that needs a headless browser; skipped with the reason when none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
            Skip = "No headless browser: install Debian's chromium (apt-get install -y chromium) or set CARBONATTRS_CHROMIUM to a Chromium/Chrome binary.";
    }
}
