namespace CarbonAttrs.Ledger;

/// <summary>
/// The facts of one ledger row, by value, as it waits for the writer: what <see cref="EmissionsLedger"/> queues instead of the
/// <see cref="CarbonMeasurement"/> object, so that rows waiting for the writer are not objects the garbage
/// collector has to trace and move (see <see cref="PendingRowQueue"/>). Copied from a measurement once, at enqueue.
/// </summary>
internal readonly struct QueuedRow
{
    public readonly Guid RunId;
    public readonly Guid? ParentRunId;
    public readonly string Name;
    public readonly string? Experiment;
    public readonly DateTimeOffset StartedAt;
    public readonly TimeSpan Duration;
    public readonly WindowStatus Status;
    public readonly long Calls;
    public readonly double CpuJoules, GpuJoules, RamJoules, ProcessCpuSeconds, Pue;
    public readonly string CpuSource, GpuSource, RamSource;
    private readonly CarbonIntensity _intensity;
    private readonly Carbon.Live.IntensityFetch? _pendingIntensity; // a live provider's answer, awaited by the writer
    public readonly IReadOnlyList<Hyperparameter> Hyperparameters;
    public readonly string? Result;
    /// <summary>NaN when the column is empty.</summary>
    public readonly double GpuUtilizationPercent, RamUsedGb;
    /// <summary>NaN / <see cref="long.MinValue"/> when the column is empty (not nullable: 16 bytes less per waiting row).</summary>
    public readonly double Flops;
    public readonly long Samples;

    public QueuedRow(CarbonMeasurement m)
    {
        RunId = m.RunId;
        ParentRunId = m.ParentRunId;
        Name = m.Name;
        Experiment = m.Experiment;
        StartedAt = m.StartedAt;
        Duration = m.Duration;
        Status = m.Status;
        Calls = m.Calls;
        CpuJoules = m.CpuJoules;
        GpuJoules = m.GpuJoules;
        RamJoules = m.RamJoules;
        ProcessCpuSeconds = m.ProcessCpuSeconds;
        Pue = m.Pue;
        CpuSource = m.CpuSource;
        GpuSource = m.GpuSource;
        RamSource = m.RamSource;
        _intensity = m.Intensity;
        _pendingIntensity = m.PendingIntensity is { IsDone: false } pending ? pending : null;
        Hyperparameters = m.Hyperparameters;
        Result = m.Result;
        GpuUtilizationPercent = m.GpuUtilizationPercent ?? double.NaN;
        RamUsedGb = m.RamUsedGb ?? double.NaN;
        Flops = m.FlopsOrNaN;
        Samples = m.SamplesOrMinValue;
    }

    /// <summary>
    /// The row's intensity. With a live provider's answer still in flight, the ledger writer (the only reader) waits for it
    /// until its deadline (2 s after the request started) and then takes the table's value; the outcome is the same on every read.
    /// </summary>
    public CarbonIntensity Intensity => _pendingIntensity is { } pending ? pending.Resolve() : _intensity;

    /// <summary>Same as <see cref="CarbonMeasurement.EnergyKwh"/>.</summary>
    public double EnergyKwh => CarbonMeasurement.GridKwh(CpuJoules + GpuJoules + RamJoules, Pue);

    /// <summary>Same as <see cref="CarbonMeasurement.EmissionsKg"/>.</summary>
    public double EmissionsKg => CarbonMeasurement.EmissionsKgOf(EnergyKwh, Intensity);
}
