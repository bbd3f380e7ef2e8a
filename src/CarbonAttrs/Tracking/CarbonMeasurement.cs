namespace CarbonAttrs;

/// <summary>
/// What one finished window (or one summary of a method's calls) measured: the facts of one ledger row.
/// Every energy figure comes with its source (<c>measured:*</c> or <c>estimated:*</c>).
/// </summary>
public sealed partial class CarbonMeasurement
{
    /// <summary>An empty measurement: no name, no energy, sources <c>none</c>, one call, PUE 1, empty optional columns.</summary>
    public CarbonMeasurement()
    {
        Name = "";
        Calls = 1;
        CpuSource = GpuSource = RamSource = "none";
        Pue = 1.0;
        _intensity = NoIntensity;
        Hyperparameters = Array.Empty<Hyperparameter>();
        _gpuUtilizationPercent = _ramUsedGb = _flops = double.NaN;
        _samples = long.MinValue;
    }

    // The runtime's constructor (a measurement per per-row call): every field written once, where defaults written by the
    // constructor above and then overwritten by an object initializer were a second store each (a GC write barrier for each reference).
    internal CarbonMeasurement(Guid runId, Guid? parentRunId, string name, string? experiment, DateTimeOffset startedAt, TimeSpan duration,
        WindowStatus status, long calls, Energy.EnergyReading energy, string cpuSource, string gpuSource, string ramSource, double pue,
        CarbonIntensity intensity, Carbon.Live.IntensityFetch? pendingIntensity, IReadOnlyList<Hyperparameter> hyperparameters, string? result,
        bool interpolated, double gpuUtilizationPercent, double ramUsedGb)
    {
        RunId = runId;
        ParentRunId = parentRunId;
        Name = name;
        Experiment = experiment;
        StartedAt = startedAt;
        Duration = duration;
        Status = status;
        Calls = calls;
        CpuJoules = energy.CpuJoules;
        GpuJoules = energy.GpuJoules;
        RamJoules = energy.RamJoules;
        ProcessCpuSeconds = energy.ProcessCpuSeconds;
        CpuSource = cpuSource;
        GpuSource = gpuSource;
        RamSource = ramSource;
        Pue = pue;
        _intensity = intensity;
        PendingIntensity = pendingIntensity;
        Hyperparameters = hyperparameters;
        Result = result;
        Interpolated = interpolated;
        _gpuUtilizationPercent = gpuUtilizationPercent;
        _ramUsedGb = ramUsedGb;
        _flops = double.NaN;
        _samples = long.MinValue;
    }

    /// <summary>Unique id of this window (<c>run_id</c>).</summary>
    public Guid RunId { get; internal set; }
    /// <summary>The enclosing window, if any (<c>parent_run_id</c>).</summary>
    public Guid? ParentRunId { get; internal set; }
    /// <summary>Method or window name (<c>method</c>).</summary>
    public string Name { get; internal set; }
    /// <summary>Experiment (<c>experiment_id</c>).</summary>
    public string? Experiment { get; internal set; }
    /// <summary>When the window opened.</summary>
    public DateTimeOffset StartedAt { get; internal set; }
    /// <summary>How long it was open (for a summary: the sum over calls).</summary>
    public TimeSpan Duration { get; internal set; }
    /// <summary>How it ended (for a summary: failed if any call failed, else cancelled if any was).</summary>
    public WindowStatus Status { get; internal set; }
    /// <summary>Calls covered: 1 for a window, the call count for a summary.</summary>
    public long Calls { get; internal set; }
    /// <summary>CPU energy in joules (before PUE).</summary>
    public double CpuJoules { get; internal set; }
    /// <summary>GPU energy in joules (before PUE).</summary>
    public double GpuJoules { get; internal set; }
    /// <summary>RAM energy in joules (before PUE).</summary>
    public double RamJoules { get; internal set; }
    /// <summary>Where the CPU figure comes from.</summary>
    public string CpuSource { get; internal set; }
    /// <summary>Where the GPU figure comes from.</summary>
    public string GpuSource { get; internal set; }
    /// <summary>Where the RAM figure comes from.</summary>
    public string RamSource { get; internal set; }
    /// <summary>CPU seconds this process used during the window.</summary>
    public double ProcessCpuSeconds { get; internal set; }
    /// <summary>Power usage effectiveness applied.</summary>
    public double Pue { get; internal set; }
    // Shared: a measurement whose intensity is set later (every runtime-built one) must not allocate a throwaway per row.
    private static readonly CarbonIntensity NoIntensity = new(0, "none");
    private CarbonIntensity _intensity;

    /// <summary>
    /// Grid intensity applied. With a live provider whose answer is still awaited, the table's value until the answer
    /// (or its fallback) is known; the ledger row always carries the final one.
    /// </summary>
    public CarbonIntensity Intensity
    {
        get => PendingIntensity?.OutcomeIfDone ?? _intensity;
        internal set => _intensity = value;
    }

    /// <summary>The live provider's fetch that decides <see cref="Intensity"/>; null with the table provider.</summary>
    internal Carbon.Live.IntensityFetch? PendingIntensity { get; set; }
    /// <summary>Recorded arguments.</summary>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; internal set; }
    /// <summary>Recorded return value (invariant text), if any.</summary>
    public string? Result { get; internal set; }
    /// <summary>
    /// Average GPU utilisation over the window in percent (NVML utilisation rates, mean over the GPUs read, sampled by
    /// the energy sampler); null without a GPU that reports it (<c>gpu_utilization_percent</c>).
    /// </summary>
    public double? GpuUtilizationPercent
    {
        get => double.IsNaN(_gpuUtilizationPercent) ? null : _gpuUtilizationPercent;
        internal set => _gpuUtilizationPercent = value ?? double.NaN;
    }
    /// <summary>
    /// Memory in use when the window closed, in GiB, from the sampler's newest reading (process mode: this process's
    /// resident memory; machine mode: the machine's used memory); null when it could not be read (<c>ram_used_gb</c>).
    /// </summary>
    public double? RamUsedGb
    {
        get => double.IsNaN(_ramUsedGb) ? null : _ramUsedGb;
        internal set => _ramUsedGb = value ?? double.NaN;
    }
    // Plain fields with NaN for "none" instead of nullables: 16 bytes less on an object allocated per row.
    private double _gpuUtilizationPercent, _ramUsedGb;
    /// <summary>True when the window was shorter than a sampling period and its energy interpolated.</summary>
    public bool Interpolated { get; internal set; }

    /// <summary>
    /// True when other top-level windows were open at the same time and this row holds only its time-weighted
    /// share of the energy drawn meanwhile (its source columns end in <c>(split)</c>), so top-level rows add up.
    /// </summary>
    public bool Split { get; internal set; }

    internal void MarkSplit()
    {
        Split = true;
        CpuSource = Mark(CpuSource);
        GpuSource = Mark(GpuSource);
        RamSource = Mark(RamSource);
        static string Mark(string source) => source == "none" ? source : source + "(split)";
    }

    /// <summary>Energy of the components, before PUE, in joules.</summary>
    public double ItJoules
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => CpuJoules + GpuJoules + RamJoules;
    }
    /// <summary>Energy drawn from the grid (components × PUE) in kWh: the <c>energy_consumed</c> column.</summary>
    public double EnergyKwh
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => GridKwh(ItJoules, Pue);
    }
    /// <summary>Emissions in kg CO2eq: <see cref="EnergyKwh"/> × intensity.</summary>
    public double EmissionsKg
    {
        // Inlined: the runtime budget reads it at every window's close, on the per-row calling thread.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => EmissionsKgOf(EnergyKwh, PendingIntensity is null ? _intensity : Intensity);
    }

    internal static double GridKwh(double itJoules, double pue) => itJoules * pue / 3.6e6;
    internal static double EmissionsKgOf(double gridKwh, CarbonIntensity intensity) => gridKwh * intensity.GramsPerKwh / 1000.0;
}
