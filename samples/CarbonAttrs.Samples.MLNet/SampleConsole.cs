using Spectre.Console;

namespace CarbonAttrs.Samples.MLNet;

/// <summary>
/// The sample's console (Spectre.Console). On a terminal: colours, a boxed table fitted to the
/// window. Redirected to a file or a CI log: plain text only (no escape codes, no redraws), and no width limit, so
/// every table row stays on one line and its columns line up.
/// </summary>
internal static class SampleConsole
{
    /// <summary>Wide enough for any row of the result table: a log has no window to wrap at.</summary>
    private const int RedirectedWidth = 1000;

    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
            console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Whether <paramref name="console"/> redraws in place (a terminal) rather than appending plain lines.</summary>
    public static bool IsLive(this IAnsiConsole console) => console.Profile.Capabilities is { Interactive: true, Ansi: true };
}
