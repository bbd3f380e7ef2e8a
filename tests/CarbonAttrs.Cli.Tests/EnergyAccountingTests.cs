using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;

namespace CarbonAttrs.Cli.Tests;

public class EnergyAccountingTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static Totals TotalsOf(params TestRow[] rows)
    {
        using var dir = new TempFolder();
        var set = LedgerSet.Load(new[] { LedgerWriter.Write(dir.File("emissions.csv"), rows) });
        Assert.Empty(set.Problems);
        return Totals.From(EnergyAccounting.Count(set.Rows));
    }

    [Fact]
    public void Nested_rows_are_inside_their_parent_and_not_added_again()
    {
        var parent = new TestRow { Method = "Train", Seconds = 100, GpuKwh = 0.01 };
        var child = new TestRow { Method = "Epoch", ParentRunId = parent.RunId, Seconds = 40, GpuKwh = 0.004 };
        var grandchild = new TestRow { Method = "Batch", ParentRunId = child.RunId, Seconds = 1, GpuKwh = 0.0001 };

        var totals = TotalsOf(parent, child, grandchild);

        Assert.Equal(parent.EnergyKwh, totals.EnergyKwh, 12);
        Assert.Equal(parent.EmissionsKg, totals.EmissionsKg, 12);
        Assert.Equal(2, totals.NestedRows);
        Assert.Equal(1, totals.CountedRuns);
        Assert.Equal(100, totals.WallSeconds, 6);
    }

    [Fact]
    public void A_parent_missing_from_the_data_makes_the_row_top_level()
    {
        var orphan = new TestRow { ParentRunId = Guid.NewGuid().ToString() };
        var other = new TestRow { End = T0.AddHours(1) };

        var totals = TotalsOf(orphan, other);

        Assert.Equal(orphan.EnergyKwh + other.EnergyKwh, totals.EnergyKwh, 12);
        Assert.Equal(1, totals.OrphanRows);
    }

    [Fact]
    public void Nesting_is_found_across_files()
    {
        using var dir = new TempFolder();
        var parent = new TestRow { Seconds = 100 };
        var child = new TestRow { ParentRunId = parent.RunId, Host = "node-2" };
        var set = LedgerSet.Load(new[]
        {
            LedgerWriter.Write(dir.File("rank0.csv"), new[] { parent }),
            LedgerWriter.Write(dir.File("rank1.csv"), new[] { child }),
        });

        var totals = Totals.From(EnergyAccounting.Count(set.Rows));

        Assert.Equal(parent.EnergyKwh, totals.EnergyKwh, 12);
    }

    [Fact]
    public void The_same_run_written_twice_counts_once()
    {
        using var dir = new TempFolder();
        var row = new TestRow();
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { row });

        var set = LedgerSet.Load(new[] { path, path });
        var totals = Totals.From(EnergyAccounting.Count(set.Rows));

        Assert.Equal(2, set.Rows.Count);
        Assert.Equal(row.EnergyKwh, totals.EnergyKwh, 12);
        Assert.Equal(1, totals.SupersededRows);
    }

    [Fact]
    public void Machine_mode_ranks_on_one_host_count_the_overlap_once()
    {
        // Four ranks on one host, same 100 s window: each saw the whole machine.
        var ranks = Enumerable.Range(0, 4).Select(r => new TestRow { Mode = "machine", Rank = r.ToString(), Seconds = 100, End = T0, GpuKwh = 0.02 }).ToArray();
        // A fifth rank starting half-way through the others' window: only its second half is new.
        var late = new TestRow { Mode = "machine", Rank = "4", Seconds = 100, End = T0.AddSeconds(50), GpuKwh = 0.02 };

        var totals = TotalsOf(ranks.Append(late).ToArray());

        Assert.Equal(ranks[0].EnergyKwh + late.EnergyKwh / 2, totals.EnergyKwh, 12);
        Assert.Equal(4, totals.OverlappingRows);
        Assert.Equal(150, totals.WallSeconds, 6);
    }

    [Fact]
    public void Machine_mode_windows_of_one_process_were_split_by_the_runtime_and_count_in_full()
    {
        // Two concurrent windows of rank 0: the runtime gave each its time share (sources marked "(split)").
        var a = new TestRow { Mode = "machine", Rank = "0", Seconds = 100, End = T0, GpuKwh = 0.0075 };
        var b = new TestRow { Mode = "machine", Rank = "0", Seconds = 100, End = T0.AddSeconds(50), GpuKwh = 0.0075 };

        var totals = TotalsOf(a, b);

        Assert.Equal(a.EnergyKwh + b.EnergyKwh, totals.EnergyKwh, 12);
        Assert.Equal(0, totals.OverlappingRows);
    }

    [Fact]
    public void Overlapping_CodeCarbon_runs_in_one_file_count_the_overlap_once()
    {
        using var dir = new TempFolder();
        var header = File.ReadLines(CliRunner.DataFile("codecarbon-2.3.csv")).First();
        var row = File.ReadLines(CliRunner.DataFile("codecarbon-2.3.csv")).Skip(1).First();
        // The same hour-long run measured by two trackers started together on one machine.
        var twin = row.Replace("7f0e7a1c-62a4-4a8e-9a57-3c1f5f7d2b10", "00000000-62a4-4a8e-9a57-3c1f5f7d2b10");
        File.WriteAllText(dir.File("emissions.csv"), header + "\n" + row + "\n" + twin + "\n");

        var set = LedgerSet.Load(new[] { dir.File("emissions.csv") });
        var totals = Totals.From(EnergyAccounting.Count(set.Rows));

        Assert.Equal(0.3045, totals.EnergyKwh, 12);
        Assert.Equal(1, totals.OverlappingRows);
    }

    [Fact]
    public void Machine_mode_rows_on_different_hosts_all_count()
    {
        var a = new TestRow { Mode = "machine", Host = "node-1" };
        var b = new TestRow { Mode = "machine", Host = "node-2" };

        var totals = TotalsOf(a, b);

        Assert.Equal(a.EnergyKwh + b.EnergyKwh, totals.EnergyKwh, 12);
        Assert.Equal(0, totals.OverlappingRows);
    }

    [Fact]
    public void Process_mode_rows_are_each_process_share_and_all_count()
    {
        var ranks = Enumerable.Range(0, 3).Select(r => new TestRow { Mode = "process", Rank = r.ToString() }).ToArray();

        var totals = TotalsOf(ranks);

        Assert.Equal(ranks.Sum(r => r.EnergyKwh), totals.EnergyKwh, 12);
        Assert.Equal(60, totals.WallSeconds, 6);
        Assert.Equal(180, totals.ComputeSeconds, 6);
    }

    [Fact]
    public void Pareto_frontier_keeps_points_no_other_point_beats()
    {
        var rows = new[]
        {
            new TestRow { GpuKwh = 0.001, Result = "0.80", Hyperparameters = "{\"lr\":1}" },
            new TestRow { GpuKwh = 0.002, Result = "0.78", Hyperparameters = "{\"lr\":2}" }, // more energy, worse: dominated
            new TestRow { GpuKwh = 0.003, Result = "0.90", Hyperparameters = "{\"lr\":3}" },
            new TestRow { GpuKwh = 0.004, Result = "0.90", Hyperparameters = "{\"lr\":4}" }, // same result for more energy: dominated
            new TestRow { GpuKwh = 0.005, Result = "0.95", Hyperparameters = "{\"lr\":5}" },
        };
        using var dir = new TempFolder();
        var set = LedgerSet.Load(new[] { LedgerWriter.Write(dir.File("sweep.csv"), rows) });

        var sweep = Assert.Single(Sweep.From(set.Rows));

        Assert.Equal(new[] { "lr=1", "lr=3", "lr=5" }, sweep.Points.Where(p => p.OnFrontier).Select(p => p.Label).OrderBy(l => l));
        Assert.Equal(5, sweep.Configurations);
        Assert.Equal("lr=5", sweep.Best!.Label);
    }
}
