using System.Diagnostics;
using System.Text;

namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>
/// Runs the built <c>carbonattrs</c> as a real process (signals, exit codes and the terminal are those of a process),
/// in its own session (<c>setsid</c>: no controlling terminal, so a SIGINT the test sends is one carbonattrs must
/// forward), with no <c>CARBONATTRS_*</c> setting but the ones given.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>
    /// Starts <c>carbonattrs ARGS</c> in <paramref name="folder"/>. The machine's probes are kept out so figures are the
    /// documented estimates: RAPL is pointed at an empty folder and NVML at a library that does not exist.
    /// </summary>
    public static CliProcess Start(string folder, IReadOnlyDictionary<string, string>? environment, params string[] args)
        => Start(folder, environment, onTerminal: false, args);

    /// <summary>
    /// Starts carbonattrs on a terminal of its own (util-linux <c>script</c> opens a pseudo-terminal and runs it as the
    /// terminal's foreground job); what <see cref="Type"/> writes is typed at that terminal (e.g. Ctrl+C).
    /// </summary>
    public static CliProcess StartOnTerminal(string folder, params string[] args) => Start(folder, null, onTerminal: true, args);

    /// <summary>Types <paramref name="keys"/> at the terminal of a <see cref="StartOnTerminal"/> process.</summary>
    public void Type(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    private static CliProcess Start(string folder, IReadOnlyDictionary<string, string>? environment, bool onTerminal, string[] args)
    {
        var startInfo = new ProcessStartInfo(onTerminal ? "script" : "setsid")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // env --default-signal: a test runner started in the background (`cmd &` in a script) passes SIGINT on as
        // ignored, and a shell cannot trap a signal ignored on entry; the signal tests need the default disposition.
        var command = new[] { "env", "--default-signal=INT,TERM", DotnetHost(), CliDll }.Concat(args).ToArray();
        if (onTerminal)
        {
            // -q quiet, -f flush, -e the command's exit code, -c the command line; the typescript is discarded.
            // script runs the line with $SHELL -c: "exec" makes carbonattrs the terminal's job itself, since a shell
            // left waiting in between (dash, /bin/sh on Debian, when SHELL is unset as on CI) dies of the Ctrl+C.
            foreach (var arg in new[] { "-qfec", "exec " + Running.CommandLineText.Join(command), "/dev/null" })
                startInfo.ArgumentList.Add(arg);
        }
        else
        {
            foreach (var arg in command)
                startInfo.ArgumentList.Add(arg);
        }
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("CARBONATTRS_", StringComparison.Ordinal)).ToArray())
            startInfo.Environment.Remove(key);
        var noRapl = Path.Combine(folder, "no-powercap");
        Directory.CreateDirectory(noRapl);
        startInfo.Environment["CARBONATTRS_POWERCAP_ROOT"] = noRapl;
        startInfo.Environment["CARBONATTRS_NVML_LIBRARY"] = Path.Combine(folder, "no-libnvidia-ml.so.1");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[key] = value;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException(startInfo.FileName + " did not start");
        if (!onTerminal)
            process.StandardInput.Close(); // script ends the session when its input ends
        return new CliProcess(process);
    }

    /// <summary>Runs to the end; a run that hangs is killed and fails the test with what it printed.</summary>
    public static (int ExitCode, string Output, string Error) Run(string folder, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var cli = Start(folder, environment, args);
        var code = cli.WaitForExit(TimeSpan.FromSeconds(90));
        return (code, cli.Output, cli.Error);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"carbonattrs did not end within {timeout}; stderr:\n{Error}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>The built command line's assembly.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "CarbonAttrs.Cli.dll");

    /// <summary>The <c>dotnet</c> executable running the tests.</summary>
    public static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
