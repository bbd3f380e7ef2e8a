using System.Collections.Concurrent;
using CarbonAttrs.Diagnostics;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>
/// A private output folder, a tracker writing into it and a capture of the tracker's warnings. On dispose
/// the tracker is replaced by a disabled one and the folder removed.
/// </summary>
public sealed class TrackerScope : IDisposable
{
    private readonly ConcurrentQueue<string> _warnings = new();

    public TrackerScope(Action<CarbonAttrsOptions>? configure = null, string? outputDirectory = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "carbonattrs-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        OutputDirectory = outputDirectory ?? Root;
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) =>
        {
            if (level == TrackerMessageLevel.Warning)
                _warnings.Enqueue(message);
        };
        var options = new CarbonAttrsOptions { OutputDirectory = OutputDirectory, SampleInterval = TimeSpan.FromMilliseconds(20), IntensityGramsPerKwh = 100 };
        configure?.Invoke(options);
        TrackerRuntime.Replace(options);
    }

    /// <summary>A scratch folder owned by the test.</summary>
    public string Root { get; }

    /// <summary>Where the tracker writes.</summary>
    public string OutputDirectory { get; }

    public string LedgerPath => Path.Combine(OutputDirectory, EmissionsLedger.DefaultFileName);

    public IReadOnlyList<string> Warnings => _warnings.ToArray();

    public void Dispose()
    {
        TrackerRuntime.Replace(new CarbonAttrsOptions { Disabled = true });
        TrackerLog.Sink = null;
        TrackerLog.ResetForTests();
        try { Directory.Delete(Root, recursive: true); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
