using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Energy;

/// <summary>The whole runtime on a fake powercap tree: a window's row says measured:rapl with the right energy.</summary>
[Collection(EnergyGlobalStateCollection.Name)]
public sealed class TrackerEnergyEndToEndTests : IDisposable
{
    private readonly PowercapTree _tree = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "carbonattrs-energy-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o => o.Disabled = true); // stop the sampler before its files go
        CarbonTracker.ResetCodeConfiguration();
        _tree.Dispose();
        try { Directory.Delete(_output, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Window_rows_carry_measured_rapl_energy_the_intensity_source_and_split_markers()
    {
        var package = _tree.AddZone("intel-rapl:0", "package-0");
        var dram = _tree.AddZone("intel-rapl:0:0", "dram");
        using var counters = new FakeRaplCounters((package, 40, 262_143_328_850), (dram, 5, 65_712_999_613));
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o =>
        {
            o.PowercapRoot = _tree.Root;
            o.OutputDirectory = _output;
            o.TrackingMode = TrackingMode.Machine;
            o.NvmlLibrary = "/nonexistent/libnvidia-ml-e2e.so";
            o.CountryIsoCode = "FRA";
            o.CloudProvider = null;
            o.CloudRegion = null;
            o.IntensityGramsPerKwh = null;
            o.SampleInterval = TimeSpan.FromMilliseconds(20);
        });

        CarbonMeasurement alone;
        using (var window = CarbonTracker.Track("alone"))
        {
            Thread.Sleep(600);
            window.Dispose();
            alone = window.Measurement!;
        }
        Assert.Equal("measured:rapl", alone.CpuSource);
        Assert.Equal("measured:rapl", alone.RamSource);
        Assert.Equal("none", alone.GpuSource);
        Assert.False(alone.Split);
        var seconds = alone.Duration.TotalSeconds;
        Assert.InRange(alone.CpuJoules, 40 * seconds * 0.9, 40 * seconds * 1.1); // window end is extrapolated from the last sample
        Assert.Equal(CarbonIntensityTable.FindCountry("FRA")!.GramsPerKwh, alone.Intensity.GramsPerKwh);

        // Shorter than one 20 ms sampling period: interpolated, and marked so.
        var brief = CarbonTracker.Track("brief");
        brief.Dispose();
        Assert.True(brief.Measurement!.Interpolated);
        Assert.Equal("measured:rapl(interpolated)", brief.Measurement.CpuSource);

        // Two top-level windows open at once (separate execution contexts, so neither is the other's parent).
        // The barrier makes them overlap even when a busy machine starts one task late.
        using var bothOpen = new Barrier(2);
        CarbonWindow OpenTogether(string name)
        {
            using var w = CarbonTracker.Track(name);
            bothOpen.SignalAndWait();
            Thread.Sleep(400);
            return w;
        }
        var first = Task.Factory.StartNew(() => OpenTogether("concurrent-a"), TaskCreationOptions.LongRunning);
        var second = Task.Factory.StartNew(() => OpenTogether("concurrent-b"), TaskCreationOptions.LongRunning);
        await Task.WhenAll(first, second);
        var a = (await first).Measurement!;
        var b = (await second).Measurement!;
        Assert.Null(a.ParentRunId);
        Assert.True(a.Split && b.Split, "overlapping top-level windows are split");
        Assert.Equal("measured:rapl(split)", a.CpuSource);

        using (var parent = CarbonTracker.Track("parent"))
        using (var child = CarbonTracker.Track("child"))
        {
            Thread.Sleep(50);
            child.Dispose();
            Assert.Equal(parent.RunId, child.Measurement!.ParentRunId);
        }

        CarbonTracker.Flush();
        using var reader = new StreamReader(CarbonTracker.LedgerPath!);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields.ToList();
        var row = records.Skip(1).Select(r => r.Fields).Single(f => f[header.IndexOf("method")] == "alone");
        Assert.Equal("measured:rapl", row[header.IndexOf("cpu_energy_source")]);
        Assert.Equal("machine", row[header.IndexOf("tracking_mode")]);
        Assert.Equal("FRA", row[header.IndexOf("country_iso_code")]);
        Assert.StartsWith("country:FRA: Our World in Data", row[header.IndexOf("intensity_source")]);
        Assert.Equal(4, records.Skip(1).Count(r => r.Fields[header.IndexOf("method")] is "concurrent-a" or "concurrent-b" or "parent" or "child"));
    }

    [Fact]
    public void A_short_window_before_the_samplers_second_reading_gets_its_energy_not_zero()
    {
        // Regression (CI): the sampler's first reading has no power yet (there is no earlier reading), and a
        // short window that began and ended after it was extrapolated at 0 W, so it recorded 0 J.
        var package = _tree.AddZone("intel-rapl:0", "package-0");
        using var counters = new FakeRaplCounters((package, 40, 262_143_328_850));
        var configured = System.Diagnostics.Stopwatch.StartNew();
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o =>
        {
            o.PowercapRoot = _tree.Root;
            o.OutputDirectory = _output;
            o.TrackingMode = TrackingMode.Machine;
            o.NvmlLibrary = "/nonexistent/libnvidia-ml-e2e.so";
            o.IntensityGramsPerKwh = 100;
            o.SampleInterval = TimeSpan.FromSeconds(30); // no second sample lands during this test
        });

        var window = CarbonTracker.Track("first-call");
        Thread.Sleep(10); // shorter than the 50 ms from which every window reads the counters at its end
        window.Dispose();

        var measurement = window.Measurement!;
        var sinceConfigured = configured.Elapsed.TotalSeconds;
        Assert.True(measurement.Interpolated);
        Assert.Equal("measured:rapl(interpolated)", measurement.CpuSource);
        // Interpolated between the start-up reading and the one taken at the window's end: more than 0 J (the bug),
        // and no more than the counter rose since the tracker was configured. Not a precision check: each reading is
        // stamped at the middle of its read, and the fake counter's pipe can take milliseconds to answer on a busy
        // machine, so over a 10 ms window the figure may be off by a factor (0.87 J for 0.48 J was seen). The 600 ms
        // window of the test above checks precision (±10 %).
        Assert.True(measurement.CpuJoules > 0, "a window before the second reading recorded 0 J");
        Assert.True(measurement.CpuJoules <= 40 * sinceConfigured, $"{measurement.CpuJoules} J is more than 40 W for {sinceConfigured} s");
    }

    [Fact]
    public void At_a_pue_of_1_5_energies_include_it_and_powers_do_not_as_in_codecarbon()
    {
        // CodeCarbon 3.3 multiplies each component's energy by PUE (`energy *= self._pue` in _do_measurements) and
        // reports the components' power as measured. Checked here against the fake package's known 40 W and DRAM's 5 W.
        var package = _tree.AddZone("intel-rapl:0", "package-0");
        var dram = _tree.AddZone("intel-rapl:0:0", "dram");
        using var counters = new FakeRaplCounters((package, 40, 262_143_328_850), (dram, 5, 65_712_999_613));
        CarbonTracker.ResetCodeConfiguration();
        CarbonTracker.Configure(o =>
        {
            o.PowercapRoot = _tree.Root;
            o.OutputDirectory = _output;
            o.TrackingMode = TrackingMode.Machine;
            o.NvmlLibrary = "/nonexistent/libnvidia-ml-e2e.so";
            o.IntensityGramsPerKwh = 200;
            o.Pue = 1.5;
            o.SampleInterval = TimeSpan.FromMilliseconds(20);
        });

        using (CarbonTracker.Track("pue-window"))
            Thread.Sleep(600);
        CarbonTracker.Flush();

        using var reader = new StreamReader(CarbonTracker.LedgerPath!);
        var records = CsvFormat.ReadRecords(reader).ToList();
        var header = records[0].Fields.ToList();
        var row = records.Skip(1).Select(r => r.Fields).Single(f => f[header.IndexOf("method")] == "pue-window");
        double Column(string name) => double.Parse(row[header.IndexOf(name)], System.Globalization.CultureInfo.InvariantCulture);
        var seconds = Column("duration");

        Assert.Equal("1.5", row[header.IndexOf("pue")]);
        // Powers: the hardware's, without PUE (±10 %: the window's end is extrapolated from the last 20 ms sample).
        Assert.InRange(Column("cpu_power"), 40 * 0.9, 40 * 1.1);
        Assert.InRange(Column("ram_power"), 5 * 0.9, 5 * 1.1);
        // Energies: power × time × PUE, in kWh.
        Assert.InRange(Column("cpu_energy"), 40 * seconds * 1.5 / 3.6e6 * 0.9, 40 * seconds * 1.5 / 3.6e6 * 1.1);
        Assert.InRange(Column("ram_energy"), 5 * seconds * 1.5 / 3.6e6 * 0.9, 5 * seconds * 1.5 / 3.6e6 * 1.1);
        // Exactly: each energy is its power × duration × PUE, energy_consumed their sum, emissions that × intensity.
        Assert.Equal(1.5, Column("cpu_energy") / (Column("cpu_power") * seconds / 3.6e6), 6);
        Assert.Equal(1.5, Column("ram_energy") / (Column("ram_power") * seconds / 3.6e6), 6);
        Assert.Equal(Column("cpu_energy") + Column("gpu_energy") + Column("ram_energy"), Column("energy_consumed"), 15);
        Assert.Equal(Column("energy_consumed") * 200 / 1000, Column("emissions"), 15);
        Assert.Equal(Column("emissions") / seconds, Column("emissions_rate"), 15);
    }
}
