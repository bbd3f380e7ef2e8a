using System.Diagnostics;
using System.Text.RegularExpressions;
using CarbonAttrs.Cli.Tests.Support;

namespace CarbonAttrs.Cli.Tests;

/// <summary>
/// What a person sees on a terminal and what a log gets when stdout is redirected: the same figures, fitted to the
/// window in the first case, one plain line each (no escape code, no padding at the end) in the second.
/// </summary>
public partial class TerminalOutputTests
{
    private static readonly string[] Labels = ["GPU power", "Energy", "Intensity", "Emissions", "Elsewhere"];

    /// <summary>Where the values start: two spaces, the longest label (9) and three spaces.</summary>
    private const int ValueColumn = 14;

    [Fact]
    public void Redirected_estimate_is_one_plain_line_per_figure_with_values_in_one_column()
    {
        var outcome = CliRunner.Run("estimate", "--gpu", "a100 sxm4 80gb", "--count", "8", "--hours", "24", "--country", "fra");

        Assert.Equal(0, outcome.ExitCode);
        Assert.DoesNotContain('\u001b', outcome.Output);
        var lines = outcome.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));   // no cell padding at the ends of lines
        foreach (var label in Labels)
        {
            var line = Assert.Single(lines, l => l.StartsWith("  " + label + " ", StringComparison.Ordinal));
            Assert.True(line[ValueColumn - 1] == ' ' && line[ValueColumn] != ' ', $"value of {label} not at column {ValueColumn}: {line}");
        }
        // The long datasheet address stays on its line in a log.
        Assert.Contains(lines, l => l.StartsWith("  GPU power ", StringComparison.Ordinal) && l.Contains("nvidia-a100-datasheet", StringComparison.Ordinal));
    }

    [Fact]
    public void On_a_60_column_terminal_estimate_wraps_long_values_inside_their_column()
    {
        var screen = RunOnTerminal(columns: 60, "estimate", "--gpu", "a100 sxm4 80gb", "--count", "8", "--hours", "24", "--country", "fra");

        var lines = screen.Split('\n').ToList();
        var first = lines.FindIndex(l => l.StartsWith("  GPU power ", StringComparison.Ordinal));
        var last = lines.FindIndex(l => l.StartsWith("  Elsewhere ", StringComparison.Ordinal));
        Assert.True(first >= 0 && last > first, screen);
        var grid = lines.Skip(first).Take(last - first + 1).Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.True(grid.Count > Labels.Length, "nothing wrapped at 60 columns:\n" + screen);
        foreach (var line in grid)
        {
            Assert.True(line.Length <= 60, $"wider than the terminal: {line}");
            var label = line[..ValueColumn].Trim();
            Assert.True(label.Length == 0 || Labels.Contains(label), $"a value spilled into the label column: {line}");
            Assert.True(line[ValueColumn] != ' ', $"value not at column {ValueColumn}: {line}");
        }
    }

    /// <summary>
    /// Runs carbonattrs on a pseudo-terminal of <paramref name="columns"/> columns (util-linux script(1); stty sizes it
    /// before carbonattrs starts) and returns what the terminal shows, escape sequences removed.
    /// </summary>
    private static string RunOnTerminal(int columns, params string[] args)
    {
        var command = $"stty cols {columns} rows 40; exec {Running.CommandLineText.Join([CliProcess.DotnetHost(), CliProcess.CliDll, .. args])}";
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-qfec", command, "/dev/null" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();   // script ends the session when its input ends, after the command exits
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + stderr.Result);
        return AnsiEscape().Replace(output, "").Replace("\r", "");
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>])")]
    private static partial Regex AnsiEscape();
}
