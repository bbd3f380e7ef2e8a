using CarbonAttrs.Ledger;

namespace CarbonAttrs.TorchSharp.Tests;

/// <summary>Tests that reconfigure the process-wide tracker, hooks or listeners run alone, one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrackerCollection
{
    public const string Name = "process-wide tracker";
}

/// <summary>A tracker writing to a fresh temporary folder, with a fixed grid intensity.</summary>
internal sealed class TemporaryTracker : IDisposable
{
    public TemporaryTracker(Action<CarbonAttrsOptions>? configure = null)
    {
        Folder = Directory.CreateTempSubdirectory("carbonattrs-torch-tests-").FullName;
        CarbonTracker.ResetCodeConfiguration(); // Configure composes: start from no earlier test's settings
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = Folder;
            o.IntensityGramsPerKwh = 400;
            o.SampleInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
    }

    public string Folder { get; }

    public string LedgerPath => Path.Combine(Folder, "emissions.csv");

    /// <summary>Flushes and reads the ledger's rows as column → value maps.</summary>
    public List<Dictionary<string, string>> Rows()
    {
        CarbonTracker.Flush();
        using var reader = new StreamReader(LedgerPath);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields;
        Assert.Equal(LedgerColumns.All, header);
        return records.Skip(1).Select(r =>
        {
            Assert.True(r.Complete);
            Assert.Equal(header.Length, r.Fields.Length);
            return header.Zip(r.Fields).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }

    public void Dispose()
    {
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o => o.Disabled = true);
        CarbonTracker.ResetCodeConfiguration();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
