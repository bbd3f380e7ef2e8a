using System.Text.RegularExpressions;

namespace CarbonAttrs.Samples.MLNet.Tests;

/// <summary>Reads the tables a sample printed, as a person would see them, and checks that their columns line up.</summary>
internal static partial class TableLayout
{
    /// <summary>The characters that mark a column boundary: ASCII (redirected output) and box drawing (a terminal).</summary>
    private const string ColumnMarks = "|+│┼├┤";

    /// <summary>Escape sequences (colours, cursor moves) removed: what a terminal shows.</summary>
    public static string Visible(string output) => AnsiEscape().Replace(output, "").Replace("\r", "");

    /// <summary>
    /// The tables in <paramref name="text"/>: runs of consecutive lines that start with a vertical border (the header,
    /// the header's rule and the rows; the top and bottom borders are not part of it).
    /// </summary>
    public static List<List<string>> Tables(string text)
    {
        var tables = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0 && line[0] is '|' or '│' or '├')
                (current ??= AddNew(tables)).Add(line.TrimEnd());
            else
                current = null;
        }
        return tables;
    }

    /// <summary>Asserts that every line of <paramref name="table"/> has its column marks at the same character offsets.</summary>
    public static void AssertAligned(IReadOnlyList<string> table)
    {
        var expected = Marks(table[0]);
        Assert.True(expected.Length >= 3, "not a table of two or more columns:\n" + string.Join('\n', table));
        foreach (var line in table)
            Assert.True(Marks(line).SequenceEqual(expected), $"column marks out of line in:\n{line}\nexpected at {string.Join(',', expected)}:\n{string.Join('\n', table)}");
    }

    private static int[] Marks(string line) => line.Select((c, i) => (c, i)).Where(p => ColumnMarks.Contains(p.c)).Select(p => p.i).ToArray();

    private static List<string> AddNew(List<List<string>> tables)
    {
        var table = new List<string>();
        tables.Add(table);
        return table;
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>])")]
    private static partial Regex AnsiEscape();
}
