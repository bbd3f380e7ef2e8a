using CarbonAttrs.Tests.Support;

namespace CarbonAttrs.Tests.Tracking;

/// <summary>A window's FLOPs and samples: added from any thread, included in every enclosing window, kept per window.</summary>
[Collection(TrackerCollection.Name)]
public class WindowEfficiencyTests
{
    [Fact]
    public void Flops_added_by_16_threads_reach_the_window_and_its_parent_exactly()
    {
        using var ledger = new TempLedger();
        CarbonWindow outer, inner;
        using (outer = CarbonTracker.Track("outer"))
        {
            outer.AddFlops(5);
            using (inner = CarbonTracker.Track("inner"))
            {
                var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
                {
                    for (var i = 0; i < 1000; i++)
                        inner.AddFlops(3).RecordSamples(2);
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
        }

        Assert.Equal(16 * 1000 * 3, inner.Measurement!.Flops);
        Assert.Equal(16 * 1000 * 2, inner.Measurement.Samples);
        Assert.Equal(16 * 1000 * 3 + 5, outer.Measurement!.Flops); // the parent includes its child, as energy does
        Assert.Equal(16 * 1000 * 2, outer.Measurement.Samples);
    }

    [Fact]
    public void Recorded_samples_replace_counted_ones_and_a_window_without_counts_has_none()
    {
        using var ledger = new TempLedger();
        CarbonWindow counted, recorded, empty;
        using (counted = CarbonTracker.Track("counted"))
            counted.AddCountedSamples(64);
        using (recorded = CarbonTracker.Track("recorded"))
        {
            recorded.AddCountedSamples(64);
            recorded.RecordSamples(8);
        }
        using (empty = CarbonTracker.Track("empty")) { }

        Assert.Equal(64, counted.Measurement!.Samples);
        Assert.Null(counted.Measurement.Flops);
        Assert.Equal(8, recorded.Measurement!.Samples);
        Assert.Null(empty.Measurement!.Flops);
        Assert.Null(empty.Measurement.Samples);
    }

    [Fact]
    public void Negative_counts_are_refused_with_what_to_pass()
    {
        using var ledger = new TempLedger();
        using var window = CarbonTracker.Track("w");
        var flops = Assert.Throws<ArgumentOutOfRangeException>(() => window.AddFlops(-1));
        Assert.Contains("2 per multiply-accumulate", flops.Message);
        var samples = Assert.Throws<ArgumentOutOfRangeException>(() => window.RecordSamples(-1));
        Assert.Contains("number of examples processed", samples.Message);
    }
}
