using CarbonAttrs.Ledger;

namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>A ledger read back the way every reader does (CsvFormat.ReadRecords), without assuming it is well formed.</summary>
public sealed class LedgerFile
{
    private LedgerFile(string[] header, List<CsvRecord> records)
    {
        Header = header;
        Records = records;
    }

    public string[] Header { get; }

    /// <summary>Every record after the header.</summary>
    public List<CsvRecord> Records { get; }

    /// <summary>Records with every column and closed quotes.</summary>
    public IEnumerable<CsvRecord> WellFormed => Records.Where(IsWellFormed);

    /// <summary>Records a reader must skip: torn (unclosed quotes) or with the wrong number of fields.</summary>
    public IEnumerable<CsvRecord> Malformed => Records.Where(r => !IsWellFormed(r));

    public int Column(string name) => Array.IndexOf(Header, name);

    public string Value(CsvRecord record, string column) => record.Fields[Column(column)];

    public static bool IsWellFormed(CsvRecord record) => record.Complete && record.Fields.Length == LedgerColumns.All.Count;

    public static LedgerFile Read(string path)
    {
        using var reader = new StreamReader(path);
        var records = CsvFormat.ReadRecords(reader).ToList();
        Assert.NotEmpty(records);
        Assert.Equal(LedgerColumns.All, records[0].Fields);
        return new LedgerFile(records[0].Fields, records.Skip(1).ToList());
    }

    /// <summary>
    /// The records after the header, one at a time (a 640,000-row ledger held whole would take about 2 GB);
    /// checks the header and that every record is well formed.
    /// </summary>
    public static IEnumerable<CsvRecord> StreamStrict(string path)
    {
        using var reader = new StreamReader(path);
        var first = true;
        foreach (var record in CsvFormat.ReadRecords(reader))
        {
            if (first)
            {
                Assert.Equal(LedgerColumns.All, record.Fields);
                first = false;
                continue;
            }
            Assert.True(IsWellFormed(record), $"malformed record at line {record.Line}");
            yield return record;
        }
        Assert.False(first, "the ledger is empty");
    }

    /// <summary>Reads a ledger that must have no malformed record at all.</summary>
    public static LedgerFile ReadStrict(string path)
    {
        var file = Read(path);
        var bad = file.Malformed.ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} malformed record(s), first at line {bad.FirstOrDefault().Line}");
        return file;
    }
}
