using System.Diagnostics;

namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>A small tmpfs mounted for one test (disk full, read-only filesystem). Needs root and mount(8).</summary>
public sealed class Tmpfs : IDisposable
{
    private static readonly Lazy<string?> WhyUnavailable = new(Probe);

    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, else the reason it cannot.</summary>
    public static string? Unavailable => WhyUnavailable.Value;

    public static Tmpfs Mount(string options)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbonattrs-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        Assert.True(code == 0, "mount failed: " + error);
        return new Tmpfs(path);
    }

    public void Remount(string options)
    {
        var (code, error) = Run("mount", "-o", "remount," + options, Path);
        Assert.True(code == 0, "remount failed: " + error);
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "tmpfs needs Linux";
        if (!Environment.IsPrivilegedProcess)
            return "mounting a tmpfs needs root";
        try
        {
            using var probe = Mount("size=16k");
            return null;
        }
        catch (Exception ex)
        {
            return "tmpfs cannot be mounted here: " + ex.Message;
        }
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}

/// <summary>A fact that is skipped, with the reason, where a tmpfs cannot be mounted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason)
            Skip = reason;
    }
}
