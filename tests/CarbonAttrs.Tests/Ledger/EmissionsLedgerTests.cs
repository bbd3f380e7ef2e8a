using CarbonAttrs.Diagnostics;
using CarbonAttrs.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Ledger;

[Collection(TrackerCollection.Name)]
public class EmissionsLedgerTests
{
    [Fact]
    public void A_file_with_another_header_is_left_untouched_and_rows_go_beside_it()
    {
        using var ledger = new TempLedger();
        const string foreign = "timestamp,project_name,run_id,duration,emissions\n2024-01-01,proj,abc,1.0,0.001\n";
        File.WriteAllText(ledger.LedgerPath, foreign);
        var messages = CaptureWarnings(() =>
        {
            using (CarbonTracker.Track("first")) { }
            CarbonTracker.Flush();
            using (CarbonTracker.Track("second")) { }
            CarbonTracker.Flush();
        });

        Assert.Equal(foreign, File.ReadAllText(ledger.LedgerPath));
        var beside = Path.Combine(ledger.Directory, "emissions.carbonattrs.csv");
        Assert.Equal(new[] { "first", "second" }, TempLedger.ReadLedger(beside).Select(r => r["method"]));
        Assert.Equal(beside, CarbonTracker.LedgerPath);
        Assert.Single(messages, m => m.Contains("different header") && m.Contains("emissions.carbonattrs.csv"));
    }

    [Fact]
    public void Rows_append_to_an_existing_ledger_of_ours_without_a_second_header()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("run-1")) { }
        CarbonTracker.Flush();
        // A second process (here: a new tracker) appends to the same file.
        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = ledger.Directory });
        using (CarbonTracker.Track("run-2")) { }

        var rows = ledger.ReadRows();
        Assert.Equal(new[] { "run-1", "run-2" }, rows.Select(r => r["method"]));
        Assert.Equal(1, File.ReadLines(ledger.LedgerPath).Count(l => l == LedgerColumns.Header));
    }

    [Fact]
    public void A_last_line_torn_by_a_crash_is_moved_to_the_torn_file_and_the_next_row_starts_the_line()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("before-crash")) { }
        CarbonTracker.Flush();
        const string torn = "2024-01-01T00:00:00,half a ro";
        File.AppendAllText(ledger.LedgerPath, torn); // what a killed writer could leave
        var messages = CaptureWarnings(() =>
        {
            using (CarbonTracker.Track("after-crash")) { }
            CarbonTracker.Flush();
        });

        var lines = File.ReadAllLines(ledger.LedgerPath);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",after-crash,", lines[2]);
        Assert.Equal(torn + "\n", File.ReadAllText(ledger.LedgerPath + ".torn"));
        Assert.Equal(new[] { "before-crash", "after-crash" }, ledger.ReadRows().Select(r => r["method"]));
        var message = Assert.Single(messages);
        Assert.Contains(Path.GetFullPath(ledger.LedgerPath), message);
        Assert.Contains(Path.GetFullPath(ledger.LedgerPath) + ".torn", message);
        Assert.Contains($"{torn.Length} bytes", message);
    }

    [Fact]
    public void A_quoted_field_torn_after_a_line_break_inside_it_is_cut_back_to_the_record_start()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("before-crash")) { }
        CarbonTracker.Flush();
        const string torn = "2024-01-01T00:00:00,proj,\"an experiment\nwith a line break\n";
        File.AppendAllText(ledger.LedgerPath, torn); // ends with a newline, but inside an open quote
        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = ledger.Directory, IntensityGramsPerKwh = 100 }); // a new process: checks the tail
        using (CarbonTracker.Track("after-crash")) { }

        Assert.Equal(new[] { "before-crash", "after-crash" }, ledger.ReadRows().Select(r => r["method"]));
        Assert.Equal(torn + "\n", File.ReadAllText(ledger.LedgerPath + ".torn"));
    }

    [Theory]
    [MemberData(nameof(OlderHeaders))]
    public void A_ledger_with_an_older_header_is_never_appended_to(string header)
    {
        using var ledger = new TempLedger();
        var content = header + "\n" + string.Join(",", header.Split(',').Select((_, i) => i.ToString())) + "\n";
        File.WriteAllText(ledger.LedgerPath, content);
        var messages = CaptureWarnings(() =>
        {
            using (CarbonTracker.Track("new-row")) { }
            CarbonTracker.Flush();
            using (CarbonTracker.Track("another")) { }
            CarbonTracker.Flush();
        });

        Assert.Equal(content, File.ReadAllText(ledger.LedgerPath));
        var beside = Path.Combine(ledger.Directory, "emissions.carbonattrs.csv");
        Assert.Equal(new[] { "new-row", "another" }, TempLedger.ReadLedger(beside).Select(r => r["method"]));
        Assert.Single(messages, m => m.Contains("different header"));
    }

    public static TheoryData<string> OlderHeaders() => new()
    {
        // CarbonAttrs 0.1.0 (and this library before the CodeCarbon 3.3 columns): 51 columns.
        "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_utilization_percent,ram_utilization_percent,ram_used_gb,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue,wue,method,status,parent_run_id,calls,hyperparameters,result,cpu_energy_source,gpu_energy_source,ram_energy_source,intensity_g_per_kwh,intensity_source,host,rank,carbonattrs_version",
        // CodeCarbon 2.3.
        "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue",
        // CodeCarbon 3.x before 3.3 (the 37 columns 0.1.0 copied).
        "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_utilization_percent,ram_utilization_percent,ram_used_gb,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue,wue",
        // CodeCarbon 3.3.0's own file: the same first 38 columns as ours, without ours.
        string.Join(",", LedgerColumns.CodeCarbon),
    };

    [Fact]
    public void An_unwritable_output_folder_warns_once_and_never_throws()
    {
        var blocker = Path.GetTempFileName(); // a file where the folder should be
        using var ledger = new TempLedger(o => o.OutputDirectory = Path.Combine(blocker, "sub"));
        var messages = CaptureWarnings(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using (CarbonTracker.Track("lost")) { }
                CarbonTracker.Flush();
            }
        });
        Assert.Single(messages, m => m.Contains("could not be created") && m.Contains("CARBONATTRS_OUTPUT_DIR"));
        File.Delete(blocker);
    }

    internal static List<string> CaptureWarnings(Action action)
    {
        var messages = new List<string>();
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (messages) messages.Add(message); };
        try { action(); }
        finally { TrackerLog.Sink = null; }
        return messages;
    }
}
