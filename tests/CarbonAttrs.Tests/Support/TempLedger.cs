using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Support;

/// <summary>A private output folder and a tracker writing into it; restores a disabled tracker afterwards.</summary>
public sealed class TempLedger : IDisposable
{
    public TempLedger(Action<CarbonAttrsOptions>? configure = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "carbonattrs-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var options = new CarbonAttrsOptions { OutputDirectory = Directory, SampleInterval = TimeSpan.FromMilliseconds(20), IntensityGramsPerKwh = 100 };
        configure?.Invoke(options);
        TrackerRuntime.Replace(options);
    }

    public string Directory { get; }

    public string LedgerPath => Path.Combine(Directory, EmissionsLedger.DefaultFileName);

    /// <summary>Flushes the tracker and returns the ledger's rows as column-name → value maps.</summary>
    public List<Dictionary<string, string>> ReadRows(string? path = null)
    {
        CarbonTracker.Flush();
        return ReadLedger(path ?? LedgerPath);
    }

    public static List<Dictionary<string, string>> ReadLedger(string path)
    {
        using var reader = new StreamReader(path);
        var records = CsvFormat.ReadRecords(reader).ToList();
        Assert.NotEmpty(records);
        var header = records[0].Fields;
        Assert.Equal(LedgerColumns.All, header);
        var rows = new List<Dictionary<string, string>>();
        foreach (var record in records.Skip(1))
        {
            Assert.True(record.Complete, $"record at line {record.Line} is torn");
            Assert.Equal(header.Length, record.Fields.Length);
            rows.Add(header.Zip(record.Fields, (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v));
        }
        return rows;
    }

    public void Dispose()
    {
        TrackerRuntime.Replace(new CarbonAttrsOptions { Disabled = true });
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
