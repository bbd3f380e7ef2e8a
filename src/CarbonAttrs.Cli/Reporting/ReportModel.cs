using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reference;
using CarbonAttrs.Footprint.Ledgers;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>Everything a report shows, computed once from merged ledgers; the writers only format it.</summary>
internal sealed class ReportModel
{
    public required IReadOnlyList<string> Files { get; init; }
    public required IReadOnlyList<LedgerProblem> Problems { get; init; }
    public required Totals Totals { get; init; }
    public required IReadOnlyList<MethodSummary> Methods { get; init; }
    public required IReadOnlyList<Sweep> Sweeps { get; init; }
    /// <summary>Counted (top-level) runs, oldest first, for the energy-over-time chart.</summary>
    public required IReadOnlyList<CountedRow> Timeline { get; init; }
    public required IReadOnlyList<RegionEmission> Regions { get; init; }
    /// <summary>Each intensity provider's share of the rows (issue 15).</summary>
    public IReadOnlyList<IntensityProviderShare> IntensityProviders { get; init; } = Array.Empty<IntensityProviderShare>();
    /// <summary>The price per tonne the social cost of the emissions is reported at; never written to a ledger.</summary>
    public SocialCostOfCarbon SocialCost { get; init; } = SocialCostOfCarbon.UsEpa2023;
    /// <summary>Per method, the FLOPs and samples its rows counted (methods that counted none are left out).</summary>
    public IReadOnlyList<MethodEfficiency> Efficiency { get; init; } = Array.Empty<MethodEfficiency>();
    /// <summary>FLOPs and samples of the counted (top-level) runs, for the statement.</summary>
    public EfficiencyFigures CountedEfficiency { get; init; } = new();

    public static ReportModel Build(LedgerSet ledgers, int regionCount = 3, SocialCostOfCarbon? socialCost = null)
    {
        var counted = EnergyAccounting.Count(ledgers.Rows);
        var totals = Totals.From(counted);
        var (lowest, highest) = GridPlaces.Extremes(regionCount);
        var regions = lowest.Select(r => new RegionEmission(r, totals.EnergyKwh * r.GramsPerKwh / 1000, RegionRank.Lowest))
            .Concat(new[] { new RegionEmission(GridIntensity.WorldAverage("World average"),
                totals.EnergyKwh * CarbonIntensityTable.WorldAverageGramsPerKwh / 1000, RegionRank.Reference) })
            .Concat(highest.Select(r => new RegionEmission(r, totals.EnergyKwh * r.GramsPerKwh / 1000, RegionRank.Highest)))
            .ToArray();
        return new ReportModel
        {
            Files = ledgers.Files,
            Problems = ledgers.Problems,
            Totals = totals,
            Methods = MethodSummary.From(ledgers.Rows),
            Sweeps = Sweep.From(ledgers.Rows),
            Timeline = counted.Where(c => c.Fraction > 0).OrderBy(c => c.Row.End).ToArray(),
            Regions = regions,
            IntensityProviders = IntensityProviderShare.From(ledgers.Rows),
            SocialCost = socialCost ?? SocialCostOfCarbon.UsEpa2023,
            Efficiency = MethodEfficiency.From(ledgers.Rows),
            CountedEfficiency = Reporting.CountedEfficiency.Of(counted),
        };
    }
}

/// <summary>Totals over the counted share of every row (see <see cref="EnergyAccounting"/>).</summary>
internal sealed record Totals
{
    public int Rows { get; init; }
    public int CountedRuns { get; init; }
    public int NestedRows { get; init; }
    public int SupersededRows { get; init; }
    public int OverlappingRows { get; init; }
    public int OrphanRows { get; init; }
    public double EnergyKwh { get; init; }
    public double CpuKwh { get; init; }
    public double GpuKwh { get; init; }
    public double RamKwh { get; init; }
    public double EmissionsKg { get; init; }
    /// <summary>Union of the top-level windows (time something was running).</summary>
    public double WallSeconds { get; init; }
    /// <summary>Sum of the top-level windows' durations (more than wall time when runs were parallel).</summary>
    public double ComputeSeconds { get; init; }
    public DateTimeOffset? FirstStart { get; init; }
    public DateTimeOffset? LastEnd { get; init; }
    /// <summary>Energy-weighted intensity: emissions / energy.</summary>
    public double? IntensityGramsPerKwh { get; init; }
    public IReadOnlyList<string> IntensitySources { get; init; } = Array.Empty<string>();
    public IReadOnlyList<double> PueValues { get; init; } = Array.Empty<double>();
    public IReadOnlyList<string> CpuSources { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> GpuSources { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> RamSources { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Hardware { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Tools { get; init; } = Array.Empty<string>();
    public int Hosts { get; init; }
    public int Configurations { get; init; }

    public static Totals From(IReadOnlyList<CountedRow> counted)
    {
        var live = counted.Where(c => c.Fraction > 0).ToArray();
        var topLevel = counted.Where(c => c.Role is RowRole.TopLevel or RowRole.Orphan or RowRole.Overlapping).ToArray();
        var energy = live.Sum(c => c.EnergyKwh);
        var emissions = live.Sum(c => c.EmissionsKg);
        var wall = EnergyAccounting.Union(topLevel.Select(c => (c.Row.Start, c.Row.End))).Sum(i => (i.End - i.Start).TotalSeconds);
        var rows = counted.Select(c => c.Row).ToArray();
        return new Totals
        {
            Rows = counted.Count,
            CountedRuns = live.Length,
            NestedRows = counted.Count(c => c.Role == RowRole.Nested),
            SupersededRows = counted.Count(c => c.Role == RowRole.Superseded),
            OverlappingRows = counted.Count(c => c.Role == RowRole.Overlapping),
            OrphanRows = counted.Count(c => c.Role == RowRole.Orphan),
            EnergyKwh = energy,
            CpuKwh = live.Sum(c => c.CpuKwh),
            GpuKwh = live.Sum(c => c.GpuKwh),
            RamKwh = live.Sum(c => c.RamKwh),
            EmissionsKg = emissions,
            WallSeconds = wall,
            ComputeSeconds = topLevel.Sum(c => c.Row.DurationSeconds),
            FirstStart = rows.Length > 0 ? rows.Min(r => r.Start) : null,
            LastEnd = rows.Length > 0 ? rows.Max(r => r.End) : null,
            IntensityGramsPerKwh = energy > 0 ? emissions * 1000 / energy : null,
            IntensitySources = Weighted(live, c => c.Row.IntensitySource.Length > 0 ? DescribeIntensity(c.Row) : "", c => c.EnergyKwh),
            PueValues = live.Select(c => c.Row.Pue ?? 1.0).Distinct().OrderBy(p => p).ToArray(),
            CpuSources = Weighted(live, c => c.Row.CpuSource, c => c.CpuKwh),
            GpuSources = Weighted(live, c => c.Row.GpuSource, c => c.GpuKwh),
            RamSources = Weighted(live, c => c.Row.RamSource, c => c.RamKwh),
            Hardware = DescribeHardware(rows),
            Tools = rows.Select(r => r.ToolVersion.Trim()).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToArray(),
            Hosts = rows.Select(r => r.HostKey).Distinct().Count(),
            Configurations = rows.Where(r => r.HyperparametersJson.Length > 0)
                .Select(r => r.Method + "\u0000" + Sweep.ConfigurationKey(r)).Distinct().Count(),
        };
    }

    private static string DescribeIntensity(LedgerRow row)
    {
        var grams = row.EffectiveIntensity is { } g ? Units.Intensity(g) + ", " : "";
        return grams + row.IntensitySource;
    }

    /// <summary>Distinct labels, the one covering most energy first (with its share when there are several).</summary>
    private static IReadOnlyList<string> Weighted(IReadOnlyList<CountedRow> rows, Func<CountedRow, string> label, Func<CountedRow, double> weight)
    {
        var groups = rows.Where(r => label(r).Length > 0).GroupBy(label).Select(g => (Label: g.Key, Weight: g.Sum(weight))).OrderByDescending(g => g.Weight).ToArray();
        var total = groups.Sum(g => g.Weight);
        if (groups.Length <= 1 || total <= 0)
            return groups.Select(g => g.Label).ToArray();
        return groups.Select(g => $"{g.Label} ({Units.Percent(g.Weight / total)})").ToArray();
    }

    private static IReadOnlyList<string> DescribeHardware(IReadOnlyList<LedgerRow> rows)
    {
        // One line per host: the CPU model and the GPUs it reported.
        return rows.GroupBy(r => r.HostKey)
            .Select(host =>
            {
                var cpu = host.Select(r => r.CpuModel).FirstOrDefault(m => m.Length > 0);
                var gpuRow = host.FirstOrDefault(r => r.GpuModel.Length > 0 && (r.GpuCount ?? 1) > 0);
                var parts = new List<string>();
                if (cpu is not null) parts.Add(cpu + (host.Select(r => r.CpuCount).FirstOrDefault(c => c is > 0) is { } n ? $" ({n} logical CPUs)" : ""));
                if (gpuRow is not null) parts.Add($"{(gpuRow.GpuCount is > 1 ? gpuRow.GpuCount + " × " : "")}{gpuRow.GpuModel}");
                return parts.Count > 0 ? string.Join(" + ", parts) : "hardware not recorded";
            })
            .GroupBy(h => h)
            .Select(g => g.Count() > 1 ? $"{g.Count()} hosts with {g.Key}" : g.Key)
            .ToArray();
    }
}

/// <summary>One method's rows (nested windows included: per-method figures may add up to more than the total).</summary>
internal sealed record MethodSummary(string Method, string Format, int Rows, long Calls, int Failed, int Cancelled,
    double TotalSeconds, double MedianSeconds, double EnergyKwh, double CpuKwh, double GpuKwh, double RamKwh, double EmissionsKg, double MedianEnergyKwh)
{
    public static IReadOnlyList<MethodSummary> From(IReadOnlyList<LedgerRow> rows)
        => rows.GroupBy(r => r.Method, StringComparer.Ordinal)
            .Select(g => new MethodSummary(g.Key,
                string.Join(", ", g.Select(r => r.Format.ToString()).Distinct()),
                g.Count(), g.Sum(r => r.Calls),
                g.Count(r => r.Status.Equals("failed", StringComparison.OrdinalIgnoreCase)),
                g.Count(r => r.Status.Equals("cancelled", StringComparison.OrdinalIgnoreCase)),
                g.Sum(r => r.DurationSeconds), Statistics.Median(g.Select(r => r.DurationSeconds)),
                g.Sum(r => r.EnergyKwh), g.Sum(r => r.CpuKwh), g.Sum(r => r.GpuKwh), g.Sum(r => r.RamKwh), g.Sum(r => r.EmissionsKg),
                Statistics.Median(g.Select(r => r.EnergyKwh))))
            .OrderByDescending(m => m.EnergyKwh).ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>One configuration tried in a sweep.</summary>
internal sealed record SweepPoint(LedgerRow Row, bool OnFrontier, IReadOnlySet<string>? VaryingKeys = null)
{
    /// <summary>The hyperparameters that tell this run from the sweep's others (all of them when none vary).</summary>
    public string Label => SweepParameters.Label(Row, VaryingKeys);
}

/// <summary>
/// Rows of one method and experiment that carry hyperparameters: a hyperparameter sweep. The Pareto frontier
/// holds the points no other point beats on both less energy and a higher result.
/// </summary>
internal sealed record Sweep(string Method, string Experiment, IReadOnlyList<SweepPoint> Points, int Configurations)
{
    public string Title => Experiment.Length > 0 ? $"{Method} ({Experiment})" : Method;
    public double EnergyKwh => Points.Sum(p => p.Row.EnergyKwh);
    public double EmissionsKg => Points.Sum(p => p.Row.EmissionsKg);
    public bool HasResults => Points.Any(p => p.Row.Result is not null);
    public SweepPoint? Best => Points.Where(p => p.Row.Result is not null).OrderByDescending(p => p.Row.Result).ThenBy(p => p.Row.EnergyKwh).FirstOrDefault();
    /// <summary>Hyperparameters with one value in every run: shown once, above the sweep's table.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ConstantHyperparameters { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>Hyperparameters whose value differs between runs (or that some runs lack).</summary>
    public IReadOnlySet<string> VaryingHyperparameters { get; init; } = new HashSet<string>();
    /// <summary>Enough decimals to tell every two different results apart.</summary>
    public ResultFormat ResultFormat => ResultFormat.For(Points.Where(p => p.Row.Result is not null).Select(p => p.Row.Result!.Value));

    public static IReadOnlyList<Sweep> From(IReadOnlyList<LedgerRow> rows)
        => rows.Where(r => r.Hyperparameters.Count > 0)
            .GroupBy(r => (r.Method, r.ExperimentId))
            .Select(g =>
            {
                // One point per run id (a run written twice is one configuration tried once).
                var distinct = g.GroupBy(r => r.RunId).Select(r => r.OrderByDescending(x => x.EnergyKwh).First()).ToArray();
                var frontier = ParetoFrontier(distinct);
                var (constant, varying) = SweepParameters.Split(distinct);
                var points = distinct.OrderBy(r => r.End).Select(r => new SweepPoint(r, frontier.Contains(r), varying)).ToArray();
                return new Sweep(g.Key.Method, g.Key.ExperimentId, points, distinct.Select(ConfigurationKey).Distinct().Count())
                {
                    ConstantHyperparameters = constant,
                    VaryingHyperparameters = varying,
                };
            })
            .OrderByDescending(s => s.EnergyKwh)
            .ToArray();

    /// <summary>Hyperparameters as an order-independent key (two runs of the same configuration share it).</summary>
    public static string ConfigurationKey(LedgerRow row)
        => string.Join("\u0001", row.Hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    /// <summary>Points with a result, minimising energy and maximising the result.</summary>
    public static HashSet<LedgerRow> ParetoFrontier(IEnumerable<LedgerRow> rows)
    {
        var frontier = new HashSet<LedgerRow>();
        var best = double.NegativeInfinity;
        foreach (var row in rows.Where(r => r.Result is not null).OrderBy(r => r.EnergyKwh).ThenByDescending(r => r.Result))
        {
            if (row.Result!.Value > best)
            {
                frontier.Add(row);
                best = row.Result.Value;
            }
        }
        return frontier;
    }
}

internal enum RegionRank { Lowest, Reference, Highest }

/// <summary>The report's energy, emitted at another place's intensity.</summary>
internal sealed record RegionEmission(GridIntensity Place, double EmissionsKg, RegionRank Rank);
