namespace CarbonAttrs.Cli.Reference;

/// <summary>Loose name comparison for table look-ups and "did you mean" suggestions.</summary>
internal static class NameMatcher
{
    /// <summary>Lower case letters and digits only: "Tesla V100-SXM2-16GB" → "teslav100sxm216gb".</summary>
    public static string Normalize(string name)
        => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>The candidates closest to <paramref name="query"/>: containing it (or contained), then by edit distance.</summary>
    public static IReadOnlyList<string> Closest(string query, IEnumerable<string> candidates, int max = 5)
    {
        var q = Normalize(query);
        var keyed = candidates.Select(c => (Name: c, Key: Normalize(c))).ToArray();
        // Names containing the query (or contained in it) are the best hint; only without any, fall back to spelling distance.
        var containing = keyed.Where(c => q.Length > 0 && (c.Key.Contains(q) || q.Contains(c.Key))).ToArray();
        if (containing.Length > 0)
            return containing.OrderBy(c => c.Key.Length).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Take(max).Select(c => c.Name).ToArray();
        return keyed
            .Select(c => (c.Name, Score: Distance(q, c.Key)))
            .Where(c => c.Score <= Math.Max(2, q.Length / 3))
            .OrderBy(c => c.Score).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(c => c.Name)
            .ToArray();
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
