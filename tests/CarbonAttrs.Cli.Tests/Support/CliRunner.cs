namespace CarbonAttrs.Cli.Tests.Support;

/// <summary>Runs the real command line in-process and captures what it writes.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApplication.Run(args, output, error);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);
}
