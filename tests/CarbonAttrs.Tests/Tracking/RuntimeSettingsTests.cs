using CarbonAttrs.Runtime;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Tracking;

/// <summary>Run-time behaviour the docs promise and no other test checked: cancel, argument recording off, project name.</summary>
[Collection(TrackerCollection.Name)]
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void A_cancelled_window_is_recorded_with_status_cancelled_and_its_energy()
    {
        using var ledger = new TempLedger();
        using (var window = CarbonTracker.Track("settings.cancelled"))
        {
            window.Record("epoch", 3);
            window.Cancel();
        }
        var row = Assert.Single(ledger.ReadRows(), r => r["method"] == "settings.cancelled");
        Assert.Equal("cancelled", row["status"]);
        Assert.Equal("{\"epoch\":3}", row["hyperparameters"]);
        Assert.NotEqual("", row["energy_consumed"]);
    }

    [Fact]
    public void With_RecordArguments_false_no_hyperparameters_are_written_and_RecordResult_false_drops_the_result()
    {
        using var ledger = new TempLedger();
        var method = new TrackedMethod("settings.no-arguments", null, summarize: false, recordArguments: false, recordResult: false);
        var call = method.Begin();
        call.Argument("lr", 0.1);
        call.Result(0.93);
        call.End();
        var recorded = new TrackedMethod("settings.with-arguments", null, summarize: false, recordArguments: true, recordResult: true);
        var other = recorded.Begin();
        other.Argument("lr", 0.1);
        other.Result(0.93);
        other.End();

        var rows = ledger.ReadRows();
        var off = Assert.Single(rows, r => r["method"] == "settings.no-arguments");
        Assert.Equal(("", ""), (off["hyperparameters"], off["result"]));
        var on = Assert.Single(rows, r => r["method"] == "settings.with-arguments");
        Assert.Equal(("{\"lr\":0.1}", "0.93"), (on["hyperparameters"], on["result"]));
    }

    [Fact]
    public void CARBONATTRS_PROJECT_NAME_names_the_project_column()
    {
        var saved = Environment.GetEnvironmentVariable("CARBONATTRS_PROJECT_NAME");
        Environment.SetEnvironmentVariable("CARBONATTRS_PROJECT_NAME", "mnist-sweep");
        try
        {
            var options = global::CarbonAttrs.Configuration.OptionsLoader.LoadFromProcess();
            Assert.Equal("mnist-sweep", options.ProjectName);
            using var ledger = new TempLedger(o => o.ProjectName = options.ProjectName);
            using (CarbonTracker.Track("settings.project")) { }
            Assert.Equal("mnist-sweep", Assert.Single(ledger.ReadRows())["project_name"]);
        }
        finally { Environment.SetEnvironmentVariable("CARBONATTRS_PROJECT_NAME", saved); }
    }
}
