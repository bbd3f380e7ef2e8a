using Spectre.Console;
using Spectre.Console.Rendering;

namespace CarbonAttrs.Cli.Terminal;

/// <summary>
/// Spectre.Console consoles over the command's writers: live (ANSI, redrawn in place) only on a terminal, plain
/// text otherwise, so a redirected stream (a CI log, a test's StringWriter) gets no escape codes and no redraws.
/// </summary>
internal static class TerminalConsole
{
    /// <summary>A console writing to <paramref name="writer"/>; <paramref name="isTerminal"/> is whether a person watches it.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // A terminal's width is its window's; a redirected stream has none, so rows are never wrapped there.
        if (!isTerminal)
            console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>
    /// Writes a table or grid. On a terminal it is fitted to the window; redirected, each row is one line, without the
    /// spaces Spectre pads a row's last cell with (a log line ends where its text does).
    /// </summary>
    public static void Write(TextWriter writer, bool isTerminal, IRenderable renderable)
    {
        if (isTerminal)
        {
            Create(writer, isTerminal: true).Write(renderable);
            return;
        }
        var rendered = new StringWriter();
        Create(rendered, isTerminal: false).Write(renderable);
        using var lines = new StringReader(rendered.ToString());
        while (lines.ReadLine() is { } line)
            writer.WriteLine(line.TrimEnd());
    }

    /// <summary>Wider than any line the commands print.</summary>
    private const int RedirectedWidth = 1000;
}
