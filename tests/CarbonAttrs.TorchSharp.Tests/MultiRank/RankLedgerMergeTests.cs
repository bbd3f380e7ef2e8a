using System.Globalization;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.TorchSharp.Tests.MultiRank;

/// <summary>The merge rules on hand-written ledgers: torn rows, nested rows, machine mode per host, per-rank files.</summary>
public sealed class RankLedgerMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carbonattrs-merge-").FullName;

    [Fact]
    public void TornRowsAreReportedAndNeverCounted()
    {
        var path = Write("emissions.csv",
            Row(rank: "0", kwh: 1.0),
            Row(rank: "1", kwh: 2.0),
            string.Join(",", Enumerable.Repeat("x", 10)), // cut short: wrong field count
            Row(rank: "2", kwh: 4.0, hyperparameters: "\"{\"\"lr\"\":0.1")); // killed inside a quoted field, no newline
        File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'));

        var totals = RankLedgerMerge.Merge(new[] { path });

        Assert.Equal(2, totals.Rows);
        Assert.Equal(2, totals.TornRows);
        Assert.Equal(3.0, totals.EnergyKwh, 12);
    }

    [Fact]
    public void MachineModeCountsTheLowestRankOfEachHostAndPerRankFilesMerge()
    {
        var a = Write("rank-0.csv", Row(rank: "0", kwh: 5, host: "node-a", mode: "machine"), Row(rank: "0", kwh: 1, host: "node-a", mode: "machine", parent: Guid.NewGuid().ToString()));
        var b = Write("rank-1.csv", Row(rank: "1", kwh: 5.5, host: "node-a", mode: "machine"));
        var c = Write("rank-10.csv", Row(rank: "10", kwh: 7, host: "node-b", mode: "machine"));
        var d = Write("rank-2.csv", Row(rank: "2", kwh: 6, host: "node-b", mode: "machine"));

        var totals = RankLedgerMerge.Merge(new[] { a, b, c, d });

        Assert.Equal(5 + 6, totals.EnergyKwh, 12); // node-a by rank 0, node-b by rank 2 (numeric order, not "10" < "2")
        Assert.Equal(new[] { "0", "2" }, totals.Ranks);
        Assert.Equal(1, totals.NestedRows);
        Assert.Equal(2, totals.DuplicateMachineRows);
    }

    private static string Row(string rank, double kwh, string host = "node-a", string mode = "process", string parent = "", string hyperparameters = "")
    {
        var values = LedgerColumns.All.ToDictionary(c => c, _ => "");
        values["run_id"] = Guid.NewGuid().ToString();
        values["rank"] = rank;
        values["host"] = host;
        values["tracking_mode"] = mode;
        values["parent_run_id"] = parent;
        values["energy_consumed"] = kwh.ToString("R", CultureInfo.InvariantCulture);
        values["emissions"] = (kwh * 0.3).ToString("R", CultureInfo.InvariantCulture);
        values["hyperparameters"] = hyperparameters;
        return string.Join(",", LedgerColumns.All.Select(c => values[c]));
    }

    private string Write(string name, params string[] rows)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, LedgerColumns.Header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
