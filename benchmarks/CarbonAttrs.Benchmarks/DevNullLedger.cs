namespace CarbonAttrs.Benchmarks;

/// <summary>
/// A tracker whose rows go through the real formatter and writer into a ledger linked to /dev/null:
/// millions of benchmark calls must not fill the disk.
/// </summary>
internal sealed class DevNullLedger : IDisposable
{
    private readonly string _folder;

    public DevNullLedger()
    {
        _folder = Path.Combine(Path.GetTempPath(), "carbonattrs-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.CreateSymbolicLink(Path.Combine(_folder, "emissions.csv"), "/dev/null");
        CarbonTracker.Configure(o =>
        {
            o.OutputDirectory = _folder;
            o.IntensityGramsPerKwh = 100;
            // Millions of per-row calls would trip the flood guard; a limit never reached keeps its per-call count in the figure.
            o.MaxRowsPerSecond = 100_000_000;
        });
    }

    public void Dispose()
    {
        CarbonTracker.Flush();
        CarbonTracker.Configure(o => o.Disabled = true);
        Directory.Delete(_folder, recursive: true);
    }
}
