using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Tests;

/// <summary>A ledger written by the real runtime is read back by the CLI.</summary>
[Collection(TrackerCollection.Name)]
public class RuntimeLedgerTests
{
    [Fact]
    public void Rows_the_runtime_writes_are_read_and_nested_windows_count_once()
    {
        using var dir = new TempFolder();
        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = dir.Path, SampleInterval = TimeSpan.FromMilliseconds(20), IntensityGramsPerKwh = 250 });
        try
        {
            foreach (var lr in new[] { 0.1, 0.01 })
            {
                using var train = CarbonTracker.Track("Trainer.Train", "runtime-sweep").Record("lr", lr).Record("optimizer", "adam, \"fused\"");
                using (CarbonTracker.Track("Trainer.Evaluate")) Thread.Sleep(30);
                Thread.Sleep(30);
                train.SetResult(lr == 0.01 ? 0.9 : 0.8);
            }
            CarbonTracker.Flush();
        }
        finally
        {
            TrackerRuntime.Replace(new CarbonAttrsOptions { Disabled = true });
        }

        var set = LedgerSet.Load(new[] { Path.Combine(dir.Path, "emissions.csv") });

        Assert.Empty(set.Problems);
        Assert.Equal(4, set.Rows.Count);
        Assert.All(set.Rows, r => Assert.Equal(LedgerFormat.CarbonAttrs, r.Format));
        var trains = set.Rows.Where(r => r.Method == "Trainer.Train").ToArray();
        var evals = set.Rows.Where(r => r.Method == "Trainer.Evaluate").ToArray();
        Assert.All(evals, e => Assert.Contains(trains, t => t.RunId == e.ParentRunId));
        Assert.Equal(new[] { "lr", "optimizer" }, trains[0].Hyperparameters.Select(p => p.Key));
        Assert.Equal("adam, \"fused\"", trains[0].Hyperparameters[1].Value);
        Assert.Equal(new double?[] { 0.8, 0.9 }, trains.Select(t => t.Result));
        Assert.All(set.Rows, r => Assert.Equal(250, r.IntensityGramsPerKwh));

        var totals = Totals.From(EnergyAccounting.Count(set.Rows));
        Assert.Equal(2, totals.NestedRows);
        Assert.Equal(trains.Sum(t => t.EnergyKwh), totals.EnergyKwh, 15);
        var sweep = Assert.Single(Sweep.From(set.Rows));
        Assert.Equal(2, sweep.Configurations);
    }
}
