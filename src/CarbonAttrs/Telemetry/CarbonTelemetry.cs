using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace CarbonAttrs.Telemetry;

/// <summary>
/// The runtime's OpenTelemetry-ready signals, through the BCL's <see cref="Meter"/> and
/// <see cref="ActivitySource"/> (named <c>CarbonAttrs</c>): any OpenTelemetry SDK, <c>dotnet-counters</c>
/// or <c>MeterListener</c> can collect them. Nothing is computed when nobody listens.
/// </summary>
/// <remarks>
/// Instruments (OpenTelemetry naming: lowercase dotted names, UCUM units):
/// <list type="bullet">
/// <item><c>carbonattrs.energy</c> (counter, <c>J</c>): component energy of finished windows, before PUE,
/// tagged <c>carbonattrs.component</c> and <c>carbonattrs.energy.source</c>.</item>
/// <item><c>carbonattrs.emissions</c> (counter, <c>kg</c> CO2eq): emissions of that energy (PUE and grid intensity applied), same tags.</item>
/// <item><c>carbonattrs.window.duration</c> (histogram, <c>s</c>): duration of each window (not of summaries).</item>
/// </list>
/// Every measurement carries <c>carbonattrs.method</c>, <c>carbonattrs.status</c>, <c>host.name</c> and <c>carbonattrs.rank</c>,
/// and <c>carbonattrs.job_id</c> inside a multi-process job (per-job dashboards); spans also carry the job's
/// world size and the process's local rank.
/// </remarks>
internal static class CarbonTelemetry
{
    public const string Name = "CarbonAttrs";

    public const string MethodTag = "carbonattrs.method";
    public const string StatusTag = "carbonattrs.status";
    public const string ComponentTag = "carbonattrs.component";
    public const string SourceTag = "carbonattrs.energy.source";
    public const string HostTag = "host.name";
    public const string RankTag = "carbonattrs.rank";
    public const string JobIdTag = "carbonattrs.job_id";

    public static readonly ActivitySource Source = new(Name, RunContext.LibraryVersion);
    public static readonly Meter Meter = new(Name, RunContext.LibraryVersion);

    public static readonly Counter<double> Energy = Meter.CreateCounter<double>(
        "carbonattrs.energy", "J", "Energy drawn by a component during measured windows, before PUE.");

    public static readonly Counter<double> Emissions = Meter.CreateCounter<double>(
        "carbonattrs.emissions", "kg", "CO2-equivalent emissions of measured windows (PUE and grid intensity applied).");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "carbonattrs.window.duration", "s", "Duration of measured windows.");

    /// <summary>Starts the span of a window opening now (parent: <see cref="Activity.Current"/>), or null when nobody listens.</summary>
    public static Activity? StartActivity(string name)
        => Source.HasListeners() ? Source.StartActivity(string.IsNullOrEmpty(name) ? "carbonattrs.window" : name, ActivityKind.Internal) : null;

    /// <summary>Publishes a finished measurement: metrics when enabled, and the window's span, which is stopped.</summary>
    public static void Record(CarbonMeasurement m, RunContext context, Activity? activity)
    {
        if (Energy.Enabled || Emissions.Enabled)
        {
            var gramsFactor = m.Pue / 3.6e6 * m.Intensity.GramsPerKwh / 1000.0;
            AddComponent(m, context, "cpu", m.CpuJoules, m.CpuSource, gramsFactor);
            AddComponent(m, context, "gpu", m.GpuJoules, m.GpuSource, gramsFactor);
            AddComponent(m, context, "ram", m.RamJoules, m.RamSource, gramsFactor);
        }

        if (Duration.Enabled && m.Calls == 1)
        {
            var tags = new TagList
            {
                { MethodTag, m.Name }, { StatusTag, m.Status.ToLedgerText() }, { HostTag, context.Host }, { RankTag, context.Rank },
            };
            if (context.JobId.Length > 0)
                tags.Add(JobIdTag, context.JobId);
            Duration.Record(m.Duration.TotalSeconds, tags);
        }

        if (activity is not null)
            CompleteActivity(activity, m, context);
    }

    private static void AddComponent(CarbonMeasurement m, RunContext context, string component, double joules, string source, double kgPerJoule)
    {
        if (source == "none")
            return;
        var tags = new TagList
        {
            { MethodTag, m.Name }, { StatusTag, m.Status.ToLedgerText() }, { ComponentTag, component },
            { SourceTag, source }, { HostTag, context.Host }, { RankTag, context.Rank },
        };
        if (context.JobId.Length > 0)
            tags.Add(JobIdTag, context.JobId);
        if (Energy.Enabled)
            Energy.Add(joules, tags);
        if (Emissions.Enabled)
            Emissions.Add(joules * kgPerJoule, tags);
    }

    private static void CompleteActivity(Activity activity, CarbonMeasurement m, RunContext context)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("carbonattrs.run_id", m.RunId.ToString());
            if (m.ParentRunId is { } parent)
                activity.SetTag("carbonattrs.parent_run_id", parent.ToString());
            activity.SetTag(MethodTag, m.Name);
            if (m.Experiment is not null)
                activity.SetTag("carbonattrs.experiment", m.Experiment);
            activity.SetTag(StatusTag, m.Status.ToLedgerText());
            activity.SetTag("carbonattrs.energy.cpu", m.CpuJoules);
            activity.SetTag("carbonattrs.energy.gpu", m.GpuJoules);
            activity.SetTag("carbonattrs.energy.ram", m.RamJoules);
            activity.SetTag("carbonattrs.energy.cpu.source", m.CpuSource);
            activity.SetTag("carbonattrs.energy.gpu.source", m.GpuSource);
            activity.SetTag("carbonattrs.energy.ram.source", m.RamSource);
            activity.SetTag("carbonattrs.energy.consumed", m.ItJoules * m.Pue);
            activity.SetTag("carbonattrs.emissions", m.EmissionsKg);
            activity.SetTag("carbonattrs.intensity", m.Intensity.GramsPerKwh);
            activity.SetTag("carbonattrs.intensity.source", m.Intensity.Source);
            activity.SetTag("carbonattrs.pue", m.Pue);
            activity.SetTag(HostTag, context.Host);
            activity.SetTag(RankTag, context.Rank);
            if (context.JobId.Length > 0)
                activity.SetTag(JobIdTag, context.JobId);
            if (context.WorldSize.Length > 0)
                activity.SetTag("carbonattrs.world_size", context.WorldSize);
            if (context.LocalRank.Length > 0)
                activity.SetTag("carbonattrs.local_rank", context.LocalRank);
            if (m.Result is not null)
                activity.SetTag("carbonattrs.result", m.Result);
            foreach (var h in m.Hyperparameters)
                activity.SetTag("carbonattrs.hyperparameter." + h.Name, TagValue(h.Value));
        }

        if (m.Status == WindowStatus.Failed)
            activity.SetStatus(ActivityStatusCode.Error);
        activity.SetEndTime(activity.StartTimeUtc + m.Duration);
        activity.Stop();
    }

    private static object? TagValue(object? value) => value switch
    {
        null => null,
        string or bool or double or long or int => value,
        float f => (double)f,
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
