using System.Text;

namespace CarbonAttrs.Cli.Running;

/// <summary>How a command is written in a row: the whole line (quoted as a POSIX shell would need) and a short name.</summary>
internal static class CommandLineText
{
    /// <summary>Longest <c>method</c> made from a command line; longer lines are cut with "...".</summary>
    public const int MaxNameLength = 80;

    /// <summary>The arguments joined with spaces, each quoted when a shell would split or expand it.</summary>
    public static string Join(IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (text.Length > 0)
                text.Append(' ');
            text.Append(Quote(argument));
        }
        return text.ToString();
    }

    /// <summary>The <c>method</c> of a run without <c>--name</c>: the program's file name and the arguments, shortened.</summary>
    public static string ShortName(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
            return "";
        var parts = arguments.ToArray();
        parts[0] = Path.GetFileName(parts[0]) is { Length: > 0 } file ? file : parts[0];
        var line = Join(parts).Replace('\n', ' ').Replace('\r', ' ');
        return line.Length <= MaxNameLength ? line : line.Substring(0, MaxNameLength - 3) + "...";
    }

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(IsPlain))
            return argument;
        return "'" + argument.Replace("'", "'\\''") + "'";
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c);
}
