using System.Globalization;
using CarbonAttrs.Reliability.Tests.Support;
using CarbonAttrs.Tests.Energy;
using Xunit.Abstractions;

namespace CarbonAttrs.Reliability.Tests.Inputs;

/// <summary>Probes that start well and then return garbage or errors while the program runs.</summary>
[Collection(ReliabilityCollection.Name)]
public class EnergyProbeInputTests(ITestOutputHelper output)
{
    private static readonly string[] Garbage =
    {
        "abc\n", "", "-5\n", "1e3\n", "99999999999999999999999999999\n", "\u0000\u0001\u00ff", "12 34\n", " \n",
    };

    [Fact]
    public void Garbage_in_energy_uj_mid_run_never_reaches_user_code_or_makes_negative_or_absurd_energy()
    {
        var root = Path.Combine(Path.GetTempPath(), "carbonattrs-powercap-garbage-" + Guid.NewGuid().ToString("N"));
        var zone = Path.Combine(root, "intel-rapl:0");
        Directory.CreateDirectory(Path.Combine(root, "intel-rapl"));
        Directory.CreateDirectory(zone);
        File.WriteAllText(Path.Combine(zone, "name"), "package-0\n");
        File.WriteAllText(Path.Combine(zone, "max_energy_range_uj"), "262143328850\n");
        var energy = 1_000_000_000UL;
        WriteEnergy(zone, energy.ToString(CultureInfo.InvariantCulture) + "\n");
        try
        {
            using var scope = new TrackerScope(o =>
            {
                o.PowercapRoot = root;
                o.TrackingMode = TrackingMode.Machine;
            });
            UserCode.Work(3, "valid");
            var span = CarbonTracker.Track("span", "span"); // open across every garbage read
            foreach (var garbage in Garbage)
            {
                WriteEnergy(zone, garbage);
                Thread.Sleep(60); // three sampler periods read the garbage
                UserCode.Work(3, "garbage");
                energy += 50_000; // 0.05 J more between good reads
                WriteEnergy(zone, energy.ToString(CultureInfo.InvariantCulture) + "\n");
                Thread.Sleep(60);
                UserCode.Work(3, "valid");
            }
            span.Dispose();
            CarbonTracker.Flush();

            var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
            Assert.Equal(7 * (1 + 2 * Garbage.Length) + 1, ledger.Records.Count);
            Assert.All(ledger.Records, r => Assert.Contains("rapl", ledger.Value(r, "cpu_energy_source")));
            var joules = ledger.Records.Select(r => double.Parse(ledger.Value(r, "cpu_energy"), CultureInfo.InvariantCulture) * 3.6e6).ToList();
            // The counter only ever rose by 0.05 J at a time: no row may claim a wrap (hundreds of kJ) or go negative.
            Assert.All(joules, j => Assert.InRange(j, 0, 10));
            // The window spanning all of it got exactly what the counter really rose: 8 × 0.05 J, garbage skipped.
            var spanJoules = double.Parse(ledger.Value(ledger.Records.Single(r => ledger.Value(r, "method") == "span"), "cpu_energy"), CultureInfo.InvariantCulture) * 3.6e6;
            Assert.InRange(spanJoules, 0.35, 0.45);
            output.WriteLine($"{ledger.Records.Count} rows, spanning window {spanJoules:G4} J (0.4 J real), largest CPU energy {joules.Max():G3} J, warnings: {string.Join(" | ", scope.Warnings)}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [FakeNvmlFact]
    public void NVML_errors_mid_run_never_reach_user_code_or_make_negative_energy()
    {
        FakeNvmlLibrary.Reset();
        FakeNvmlLibrary.SetEnergyMillijoules(0, 5_000_000);
        try
        {
            using var scope = new TrackerScope(o =>
            {
                o.NvmlLibrary = FakeNvmlLibrary.Path;
                o.TrackingMode = TrackingMode.Machine;
            });
            UserCode.Work(3, "healthy");
            FakeNvmlLibrary.SetEnergyMillijoules(0, 5_000_100);
            Thread.Sleep(60);
            UserCode.Work(3, "healthy");
            FakeNvmlLibrary.SetEnergyResult(0, 15); // NVML_ERROR_GPU_IS_LOST on the energy counter
            Thread.Sleep(60);
            UserCode.Work(3, "gpu-lost");
            FakeNvmlLibrary.SetCount(0); // every handle now invalid: each call answers NVML_ERROR_INVALID_ARGUMENT
            Thread.Sleep(60);
            UserCode.Work(3, "no-devices");
            FakeNvmlLibrary.Reset();
            FakeNvmlLibrary.SetEnergyMillijoules(0, 5_000_200);
            Thread.Sleep(60);
            UserCode.Work(3, "recovered");

            var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
            Assert.Equal(5 * 7, ledger.Records.Count);
            Assert.All(ledger.Records, r => Assert.Contains("nvml", ledger.Value(r, "gpu_energy_source")));
            Assert.All(ledger.Records, r =>
            {
                var gpu = double.Parse(ledger.Value(r, "gpu_energy"), CultureInfo.InvariantCulture);
                Assert.True(gpu >= 0 && !double.IsNaN(gpu));
            });
            output.WriteLine($"{ledger.Records.Count} rows; warnings: {string.Join(" | ", scope.Warnings)}");
        }
        finally
        {
            FakeNvmlLibrary.Reset();
        }
    }

    // Atomic replace, as sysfs never shows a half-written number.
    private static void WriteEnergy(string zone, string text)
    {
        var target = Path.Combine(zone, "energy_uj");
        File.WriteAllText(target + ".tmp", text);
        File.Move(target + ".tmp", target, overwrite: true);
    }
}
