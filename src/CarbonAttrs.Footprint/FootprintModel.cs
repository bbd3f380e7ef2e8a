using CarbonAttrs.Footprint.Ledgers;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Footprint;

/// <summary>Median and spread of one per-call figure.</summary>
internal sealed record Spread(double Median, double P10, double P90, double Min, double Max)
{
    public static Spread Of(IReadOnlyList<double> values)
        => new(Statistics.Median(values), Statistics.Quantile(values, 0.1), Statistics.Quantile(values, 0.9), values.Min(), values.Max());
}

/// <summary>What the ledgers say one tracked method costs per call (null figures when never measured).</summary>
internal sealed record MethodFootprint(InventoryMethod Method, int Runs, long Calls, Spread? DurationSeconds, Spread? EnergyKwh,
    double CpuKwhMedian, double GpuKwhMedian, double RamKwhMedian, Spread? EmissionsKg)
{
    public bool Measured => Runs > 0;
}

internal enum SweepStatus { Projected, UnknownSize, NotMeasured }

/// <summary>A sweep's projection: size × measured per-call cost, with a 10th–90th percentile range.</summary>
internal sealed record SweepFootprint(InventorySweep Sweep, SweepStatus Status, MethodFootprint? PerRun,
    double? EnergyKwh, double? EnergyKwhLow, double? EnergyKwhHigh,
    double? EmissionsKg, double? EmissionsKgLow, double? EmissionsKgHigh, bool OverBudget)
{
    public string Explanation => Status switch
    {
        SweepStatus.UnknownSize => $"size unknown at compile time: no projection (bound the loop or state its size)",
        SweepStatus.NotMeasured => $"{Sweep.Method} not yet measured: no projection until a ledger has a run of it",
        _ => $"{Sweep.Size} runs × {Units.Co2(PerRun!.EmissionsKg!.Median)} per run",
    };
}

/// <summary>The whole build-time footprint of one assembly.</summary>
internal sealed record FootprintReport(string AssemblyName, string AssemblyPath, IReadOnlyList<LedgerFileStatus> Ledgers,
    IReadOnlyList<MethodFootprint> Methods, IReadOnlyList<SweepFootprint> Sweeps, double? BudgetKg,
    IReadOnlyList<string> Problems)
{
    /// <summary>The compiler log whose CARB001 sweeps were added (null when none was given).</summary>
    public CompilerLogStatus? CompilerLog { get; init; }

    public double ProjectedEmissionsKg => Sweeps.Sum(s => s.EmissionsKg ?? 0);
    public double ProjectedEnergyKwh => Sweeps.Sum(s => s.EnergyKwh ?? 0);
    public bool OverBudget => Sweeps.Any(s => s.OverBudget);

    /// <param name="compilerLog">Sweeps CARB001 reports (untracked ones included), added where the inventory has none at the same file and line.</param>
    public static FootprintReport Build(AssemblyInventory inventory, string assemblyPath, IReadOnlyList<string> ledgerPaths, double? budgetKg,
        CompilerLogRead? compilerLog = null)
    {
        var statuses = new List<LedgerFileStatus>();
        var rows = new List<LedgerRow>();
        var problems = new List<string>(inventory.Problems);
        var inventorySweeps = inventory.Sweeps;
        var added = 0;
        if (compilerLog is not null)
        {
            inventorySweeps = CompilerLogSweeps.Merge(inventory.Sweeps, compilerLog.Sweeps, out added);
            problems.AddRange(compilerLog.Problems);
        }
        foreach (var path in ledgerPaths)
        {
            if (!File.Exists(path))
            {
                statuses.Add(new LedgerFileStatus(path, "missing", 0));
                continue;
            }
            var read = LedgerFileReader.Read(path);
            var failed = read.Problems.Any(p => p.IsFileError);
            statuses.Add(new LedgerFileStatus(path, failed ? "error" : "read", read.Rows.Count));
            rows.AddRange(read.Rows);
            problems.AddRange(read.Problems.Select(p => p.ToString()));
        }

        var byMethod = rows.GroupBy(r => r.Method, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var methods = inventory.Methods
            .GroupBy(m => m.Name, StringComparer.Ordinal).Select(g => g.First())
            .Select(m => Measure(m, byMethod.TryGetValue(m.Name, out var r) ? r : Array.Empty<LedgerRow>()))
            .ToArray();
        var methodCosts = methods.ToDictionary(m => m.Method.Name, StringComparer.Ordinal);

        var sweeps = inventorySweeps.Select(s =>
        {
            var cost = methodCosts.TryGetValue(s.Method, out var known) ? known
                : Measure(new InventoryMethod(s.Method, "", "", null, false), byMethod.TryGetValue(s.Method, out var r) ? r : Array.Empty<LedgerRow>());
            if (s.Size is null) return new SweepFootprint(s, SweepStatus.UnknownSize, cost.Measured ? cost : null, null, null, null, null, null, null, false);
            if (!cost.Measured) return new SweepFootprint(s, SweepStatus.NotMeasured, null, null, null, null, null, null, null, false);
            var n = s.Size.Value;
            var kg = n * cost.EmissionsKg!.Median;
            return new SweepFootprint(s, SweepStatus.Projected, cost,
                n * cost.EnergyKwh!.Median, n * cost.EnergyKwh.P10, n * cost.EnergyKwh.P90,
                kg, n * cost.EmissionsKg.P10, n * cost.EmissionsKg.P90,
                budgetKg is { } budget && kg > budget);
        }).ToArray();

        return new FootprintReport(inventory.AssemblyName, assemblyPath, statuses, methods, sweeps, budgetKg, problems)
        {
            CompilerLog = compilerLog is null ? null : compilerLog.Status with { Added = added },
        };
    }

    /// <summary>Per-call figures: a summarised row (calls &gt; 1) is divided by its call count.</summary>
    private static MethodFootprint Measure(InventoryMethod method, IReadOnlyList<LedgerRow> rows)
    {
        // A failed or cancelled run did not do the method's full work: it would bias the per-run cost low.
        var ok = rows.Where(r => r.Status.Equals("ok", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (ok.Length == 0)
            return new MethodFootprint(method, 0, 0, null, null, 0, 0, 0, null);
        double[] PerCall(Func<LedgerRow, double> f) => ok.Select(r => f(r) / r.Calls).ToArray();
        return new MethodFootprint(method, ok.Length, ok.Sum(r => r.Calls),
            Spread.Of(PerCall(r => r.DurationSeconds)), Spread.Of(PerCall(r => r.EnergyKwh)),
            Statistics.Median(PerCall(r => r.CpuKwh)), Statistics.Median(PerCall(r => r.GpuKwh)), Statistics.Median(PerCall(r => r.RamKwh)),
            Spread.Of(PerCall(r => r.EmissionsKg)));
    }
}

/// <summary>One ledger input: <c>read</c>, <c>missing</c> (not yet measured) or <c>error</c>.</summary>
internal sealed record LedgerFileStatus(string Path, string Status, int Rows);
