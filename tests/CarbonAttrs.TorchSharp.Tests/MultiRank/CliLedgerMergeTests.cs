using System.Globalization;
using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.TorchSharp.Tests.MultiRank;

/// <summary>
/// Hand-written multi-rank ledgers added up by the CLI's accounting (<see cref="EnergyAccounting"/>, what
/// <c>carbonattrs report</c> prints): torn rows, nested rows, machine mode per host, per-rank files.
/// </summary>
public sealed class CliLedgerMergeTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
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

        var set = LedgerSet.Load(new[] { path });
        var totals = Totals.From(EnergyAccounting.Count(set.Rows));

        Assert.Equal(2, set.Rows.Count);
        Assert.Equal(2, set.Problems.Count(p => !p.IsFileError && p.Line is not null));
        Assert.Equal(3.0, totals.EnergyKwh, 12);
    }

    [Fact]
    public void MachineModeOverlapOnAHostCountsOnceAndPerRankFilesMerge()
    {
        // node-a: ranks 0 and 1 saw the whole machine over the same 100 s: counted once (the larger row stands
        // for it). Rank 0's nested row is inside its outer row. Rank 3's process-mode row is its own share.
        // node-b: rank 2's window starts half-way through rank 10's, so half of it is new energy.
        var outer = Guid.NewGuid().ToString();
        var a = Write("rank-0.csv",
            Row(rank: "0", kwh: 5, host: "node-a", mode: "machine", runId: outer),
            Row(rank: "0", kwh: 1, host: "node-a", mode: "machine", parent: outer, start: 10, seconds: 20));
        var b = Write("rank-1.csv", Row(rank: "1", kwh: 5.5, host: "node-a", mode: "machine"));
        var c = Write("rank-10.csv", Row(rank: "10", kwh: 7, host: "node-b", mode: "machine"));
        var d = Write("rank-2.csv", Row(rank: "2", kwh: 6, host: "node-b", mode: "machine", start: 50));
        var e = Write("rank-3.csv", Row(rank: "3", kwh: 2, host: "node-a", mode: "process"));

        var set = LedgerSet.Load(new[] { a, b, c, d, e });
        var counted = EnergyAccounting.Count(set.Rows);
        var totals = Totals.From(counted);

        Assert.Empty(set.Problems);
        Assert.Equal(5.5 + (7 + 6 * 0.5) + 2, totals.EnergyKwh, 12);
        Assert.Equal(new[] { "1", "10", "2", "3" }, counted.Where(r => r.Fraction > 0).Select(r => r.Row.Rank).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal(1, totals.NestedRows);
        Assert.Equal(2, totals.OverlappingRows); // rank 0 (fully covered) and rank 2 (half)
        Assert.Equal(2, totals.Hosts);
    }

    private static string Row(string rank, double kwh, string host = "node-a", string mode = "process", string parent = "",
        string hyperparameters = "", string? runId = null, double start = 0, double seconds = 100)
    {
        var values = LedgerColumns.All.ToDictionary(c => c, _ => "");
        values["timestamp"] = (T0 + TimeSpan.FromSeconds(start + seconds)).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        values["duration"] = seconds.ToString("R", CultureInfo.InvariantCulture);
        values["run_id"] = runId ?? Guid.NewGuid().ToString();
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
