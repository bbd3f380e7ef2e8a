using System.Globalization;
using CarbonAttrs.Energy;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Ledger;

/// <summary>The columns filled per row besides energy: memory, utilisation, flops/samples and the job id.</summary>
[Collection(TrackerCollection.Name)]
public class LedgerFilledColumnsTests
{
    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Process_mode_writes_this_processs_resident_memory_and_its_share_of_the_machines()
    {
        using var ledger = new TempLedger(o => o.TrackingMode = TrackingMode.Process);
        var ballast = new byte[64 << 20]; // 64 MiB touched: resident, so the process is clearly above it
        Array.Fill(ballast, (byte)1);
        Thread.Sleep(60); // a sample or two after the allocation
        using (CarbonTracker.Track("memory")) { }
        var row = Assert.Single(ledger.ReadRows());
        GC.KeepAlive(ballast);

        var usedGb = Number(row["ram_used_gb"]);
        Assert.InRange(usedGb, 64.0 / 1024, ProcessMemory.ResidentGb() * 1.5);
        var totalGb = Number(row["ram_total_size"]);
        Assert.Equal(usedGb / totalGb * 100, Number(row["ram_utilization_percent"]), 9);
        Assert.Equal("process", row["tracking_mode"]);
    }

    [Fact]
    public void Machine_mode_writes_the_machines_used_memory()
    {
        using var ledger = new TempLedger(o => o.TrackingMode = TrackingMode.Machine);
        using (CarbonTracker.Track("memory")) { }
        var row = Assert.Single(ledger.ReadRows());

        var usedGb = Number(row["ram_used_gb"]);
        var machineNow = MemoryInUse.MachineUsedGb("/proc/meminfo");
        Assert.InRange(usedGb, ProcessMemory.ResidentGb() * 0.5, Number(row["ram_total_size"]));
        Assert.InRange(usedGb, machineNow * 0.5, machineNow * 2); // other processes move it, not by a factor of two in a moment
        Assert.InRange(Number(row["ram_utilization_percent"]), 0, 100);
    }

    [Fact]
    public void Gpu_utilisation_is_empty_without_a_gpu_reporting_it()
    {
        using var ledger = new TempLedger();
        using (CarbonTracker.Track("no-gpu")) { }
        var row = Assert.Single(ledger.ReadRows());
        var sampler = TrackerRuntime.CurrentOrNull()!.Sampler!;
        if (sampler.HasGpuUtilization)
            Assert.InRange(Number(row["gpu_utilization_percent"]), 0, 100); // a machine with a real GPU
        else
            Assert.Equal("", row["gpu_utilization_percent"]);
        Assert.NotEqual("", row["cpu_utilization_percent"]);
        Assert.Equal("", row["water_consumed"]);
        Assert.Equal("", row["wue"]);
    }

    [Fact]
    public void Flops_and_samples_a_window_carries_are_written_and_empty_otherwise()
    {
        using var ledger = new TempLedger();
        using (var window = CarbonTracker.Track("step"))
        {
            window.AddFlops(1_000_000_000_000);
            window.AddFlops(24);
            window.RecordSamples(256);
        }
        using (CarbonTracker.Track("plain")) { }
        var rows = ledger.ReadRows();

        Assert.Equal(("1000000000024", "256"), (rows[0]["flops"], rows[0]["samples"]));
        Assert.Equal(("", ""), (rows[1]["flops"], rows[1]["samples"]));
    }

    [Fact]
    public void The_job_id_detected_for_telemetry_is_written()
    {
        var before = Environment.GetEnvironmentVariable("CARBONATTRS_JOB_ID");
        Environment.SetEnvironmentVariable("CARBONATTRS_JOB_ID", "sweep-2026-12,\"a\"");
        try
        {
            using var ledger = new TempLedger();
            using (CarbonTracker.Track("ranked")) { }
            var row = Assert.Single(ledger.ReadRows());
            Assert.Equal("sweep-2026-12,\"a\"", row["job_id"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CARBONATTRS_JOB_ID", before);
        }
    }
}
