using System.Text;
using CarbonAttrs.Ledger;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Ledger;

/// <summary>The UTF-8 formatter writes exactly the bytes the string formatter wrote, whatever the row holds.</summary>
[Collection(TrackerCollection.Name)]
public class LedgerRowFormatterTests
{
    private static readonly Guid Parent = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static IEnumerable<CarbonMeasurement> Rows()
    {
        var plain = new CarbonIntensity(56.04, "country:FRA (Our World in Data 2023)", "FRA", "France");
        var awkward = new CarbonIntensity(double.NaN, "=forced, \"by hand\"", "X\"Y", "Côte d'Ivoire, \"CI\"", "-region\nline", "@cloud", "+eu-west-1");
        yield return new CarbonMeasurement
        {
            RunId = Guid.NewGuid(), Name = "Train", Experiment = "exp-1", StartedAt = new DateTimeOffset(2026, 11, 28, 14, 3, 7, TimeSpan.FromHours(2)).AddTicks(1234567),
            Duration = TimeSpan.FromTicks(12_345_678), CpuJoules = 12.345678901234567, GpuJoules = 0, RamJoules = 1e-300, ProcessCpuSeconds = 0.75,
            Pue = 1.58, Intensity = plain, CpuSource = "measured:rapl", GpuSource = "none", RamSource = "estimated:ram(interpolated)",
        };
        yield return new CarbonMeasurement
        {
            RunId = Guid.NewGuid(), ParentRunId = Parent, Name = "-=cmd|' /C calc'!A0", Experiment = "a,b \"quoted\"\r\nnext", StartedAt = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.Zero, Status = WindowStatus.Failed, CpuJoules = double.PositiveInfinity, GpuJoules = -0.0, RamJoules = double.NaN,
            Pue = 1.58, Intensity = awkward, CpuSource = "measured:rapl(split)", GpuSource = "measured:nvml(split)", RamSource = "estimated:ram(split)",
            Hyperparameters = new[] { new Hyperparameter("lr", 0.1), new Hyperparameter("name", "x,\"y\""), new Hyperparameter("when", double.NaN) },
            Result = "-0.25",
        };
        yield return new CarbonMeasurement
        {
            RunId = Guid.NewGuid(), Name = "日本語 \ud83c\udf0d and a lone \ud800 surrogate", Experiment = null, StartedAt = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
            Duration = TimeSpan.Zero, Status = WindowStatus.Cancelled, Calls = 123_456_789_012, CpuJoules = 1.7976931348623157e308, GpuJoules = 5e-324,
            RamJoules = 3, ProcessCpuSeconds = 4, Pue = 1.2, Intensity = plain, CpuSource = "measured:rapl", GpuSource = "", RamSource = "none",
            Result = "=1+1", GpuUtilizationPercent = 87.5, RamUsedGb = 1.25, Flops = long.MaxValue, Samples = 0, Hyperparameters = new[] { new Hyperparameter("epochs", 3), new Hyperparameter("mode", WindowStatus.Ok) },
        };
        yield return new CarbonMeasurement
        {
            RunId = Guid.Empty, Name = "Evaluate", StartedAt = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromDays(3.25), CpuJoules = 123456.789,
            GpuJoules = 98765.4321, RamJoules = 0.1 + 0.2, ProcessCpuSeconds = 1e9, Pue = 1.58, Intensity = plain, CpuSource = "measured:rapl",
            GpuSource = "measured:nvml", RamSource = "estimated:ram", Result = "not a number, \"really\"",
            GpuUtilizationPercent = 0, RamUsedGb = 3.0517578125e-5, Flops = 123_456_789, Samples = 4096,
        };
    }

    [Fact]
    public void Every_row_is_byte_for_byte_what_the_string_formatter_wrote()
    {
        using var ledger = new TempLedger(o => o.ProjectName = "proj,\"x\"");
        var runtime = TrackerRuntime.CurrentOrNull()!;
        var formatter = new LedgerRowFormatter(runtime);
        var buffer = new LedgerLineBuffer(16); // small: every growth path is taken
        var originalGpuModel = runtime.Hardware.GpuModel;
        try
        {
            // Twice over, and with the GPU facts changing in between: the cached fields must follow a changed value.
            for (var round = 0; round < 3; round++)
            {
                if (round == 2)
                {
                    runtime.Hardware.GpuModel = "NVIDIA H200, \"SXM\"";
                    runtime.Hardware.GpuCount = 8;
                }
                foreach (var row in Rows())
                {
                    buffer.Clear();
                    formatter.Write(row, buffer);
                    var expected = ReferenceRowFormatter.Format(row, runtime);
                    Assert.Equal(Encoding.UTF8.GetBytes(expected), buffer.Array.AsSpan(0, buffer.Length).ToArray());
                }
            }
        }
        finally
        {
            runtime.Hardware.GpuModel = originalGpuModel;
        }
    }

    [Fact]
    public void Timestamps_match_the_custom_format_string_over_many_dates()
    {
        var random = new Random(20261128);
        var buffer = new LedgerLineBuffer(8);
        for (var i = 0; i < 20_000; i++)
        {
            var time = new DateTime((long)(random.NextDouble() * DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            buffer.Clear();
            buffer.Timestamp(time);
            Assert.Equal(time.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
                Encoding.ASCII.GetString(buffer.Array, 0, buffer.Length));
        }
    }

    [Fact]
    public void Numbers_match_round_trip_text_over_many_values()
    {
        var random = new Random(51);
        var buffer = new LedgerLineBuffer(8);
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble((long)(random.NextDouble() * long.MaxValue) * (random.Next(2) * 2 - 1));
            buffer.Clear();
            buffer.Number(value);
            Assert.Equal(ReferenceRowFormatter.Number(value), Encoding.ASCII.GetString(buffer.Array, 0, buffer.Length));
        }
    }
}
