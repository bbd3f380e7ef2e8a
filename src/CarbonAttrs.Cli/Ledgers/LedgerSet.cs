using CarbonAttrs.Cli.Terminal;
using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Ledgers;

/// <summary>Every row of several ledgers, merged, with the problems met while reading them.</summary>
internal sealed class LedgerSet
{
    private LedgerSet(IReadOnlyList<string> files, IReadOnlyList<LedgerRow> rows, IReadOnlyList<LedgerProblem> problems)
    {
        Files = files;
        Rows = rows;
        Problems = problems;
    }

    public IReadOnlyList<string> Files { get; }
    public IReadOnlyList<LedgerRow> Rows { get; }
    public IReadOnlyList<LedgerProblem> Problems { get; }
    public bool HasFileErrors => Problems.Any(p => p.IsFileError);

    /// <summary>Reads each file (a folder stands for the <c>*.csv</c> files in it), reporting progress on large reads.</summary>
    public static LedgerSet Load(IEnumerable<string> paths, LedgerReadProgress? progress = null)
    {
        var files = new List<string>();
        var problems = new List<LedgerProblem>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.csv").OrderBy(f => f, StringComparer.Ordinal).ToArray();
                if (found.Length == 0)
                    problems.Add(new LedgerProblem(path, null, "is a folder with no .csv files", true));
                files.AddRange(found);
            }
            else
            {
                files.Add(path);
            }
        }

        var rows = new List<LedgerRow>();
        long ReadAll(Action<long> report)
        {
            long doneBytes = 0;
            foreach (var file in files)
            {
                var before = doneBytes;
                var result = LedgerFileReader.Read(file, read => report(before + read));
                doneBytes += SafeLength(file);
                rows.AddRange(result.Rows);
                problems.AddRange(result.Problems);
            }
            return doneBytes;
        }

        if (progress is null)
            ReadAll(_ => { });
        else
            progress.Track(files.Sum(f => SafeLength(f)), files.Count, ReadAll);
        return new LedgerSet(files, rows, problems);
    }

    /// <summary>For tests and callers that already hold rows.</summary>
    public static LedgerSet FromRows(IReadOnlyList<LedgerRow> rows) => new(rows.Select(r => r.File).Distinct().ToArray(), rows, Array.Empty<LedgerProblem>());

    private static long SafeLength(string file)
    {
        try { return new FileInfo(file).Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { return 0; }
    }
}
