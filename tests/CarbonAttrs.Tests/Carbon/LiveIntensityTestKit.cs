using System.Globalization;
using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>What the live-provider tests share: windows to record, and the table value rows fall back to.</summary>
internal static class LiveIntensityTestKit
{
    public static CarbonIntensityEntry France => CarbonIntensityTable.FindCountry("FRA")!;

    /// <summary>Records <paramref name="topLevel"/> windows, the first with a nested one: topLevel + 1 rows.</summary>
    public static void RecordWindows(int topLevel)
    {
        for (var i = 0; i < topLevel; i++)
        {
            using var window = CarbonTracker.Track("live-" + i);
            window.Record("i", i);
            if (i == 0)
            {
                using var nested = CarbonTracker.Track("live-nested");
                Thread.SpinWait(1000);
            }
            Thread.SpinWait(1000);
        }
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Each row's emissions are its energy times the intensity it names (to rounding).</summary>
    public static void AssertEmissionsFollowIntensity(Dictionary<string, string> row)
    {
        var expected = Number(row["energy_consumed"]) * Number(row["intensity_g_per_kwh"]) / 1000;
        Assert.Equal(expected, Number(row["emissions"]), Math.Max(1e-15, Math.Abs(expected) * 1e-9));
    }

    public static (DateTimeOffset Start, DateTimeOffset End) Window(Dictionary<string, string> row)
    {
        var end = DateTimeOffset.Parse(row["timestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (end - TimeSpan.FromSeconds(Number(row["duration"])), end);
    }

    public static List<Dictionary<string, string>> Rows(TempLedger ledger) => ledger.ReadRows();
}
