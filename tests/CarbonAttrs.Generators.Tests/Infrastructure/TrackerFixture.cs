using System.Collections.Concurrent;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>
/// Points the process-wide tracker at a temporary folder and collects every measurement. Tests that use it
/// share one collection that runs alone (the tracker, its ledger and its event are process-global).
/// </summary>
public sealed class TrackerFixture : IDisposable
{
    private readonly ConcurrentQueue<CarbonMeasurement> _measured = new();

    public TrackerFixture()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), "carbonattrs-gen-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(OutputDirectory);
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o => o.OutputDirectory = OutputDirectory);
        CarbonTracker.Measured += OnMeasured;
    }

    public string OutputDirectory { get; }

    private void OnMeasured(CarbonMeasurement measurement) => _measured.Enqueue(measurement);

    /// <summary>Measurements whose method name starts with <paramref name="prefix"/> (each test uses its own namespace).</summary>
    public IReadOnlyList<CarbonMeasurement> Measured(string prefix)
        => _measured.Where(m => m.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Flushes the tracker and reads the ledger rows of methods starting with <paramref name="prefix"/>, as column → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> LedgerRows(string prefix)
    {
        CarbonTracker.Flush();
        var path = CarbonTracker.LedgerPath ?? Path.Combine(OutputDirectory, "emissions.csv");
        using var reader = new StreamReader(path);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields;
        Assert.Equal(LedgerColumns.All, header);
        return records.Skip(1)
            .Select(r => (IReadOnlyDictionary<string, string>)header.Zip(r.Fields).ToDictionary(p => p.First, p => p.Second))
            .Where(row => row["method"].StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }

    public void Dispose()
    {
        CarbonTracker.Measured -= OnMeasured;
        CarbonTracker.Flush();
        try { Directory.Delete(OutputDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrackerCollection : ICollectionFixture<TrackerFixture>
{
    public const string Name = "Process-wide tracker";
}
