using Spectre.Console;

namespace CarbonAttrs.Cli.Terminal;

/// <summary>
/// Spectre.Console consoles over the command's writers: live (ANSI, redrawn in place) only on a terminal, plain
/// text otherwise, so a redirected stream (a CI log, a test's StringWriter) gets no escape codes and no redraws.
/// </summary>
internal static class TerminalConsole
{
    /// <summary>A console writing to <paramref name="writer"/>; <paramref name="isTerminal"/> is whether a person watches it.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });
}
