using System.Diagnostics;

namespace CarbonAttrs.Tests.Budget;

/// <summary>
/// The projection line is written for every run of a sweep, but a tracked method called in a tight loop (per step, or
/// a runaway loop) must not write one stderr line per call: past the first runs, at most one a second.
/// </summary>
public sealed class LoopProgressLineTests
{
    [Fact]
    public void Every_one_of_the_first_runs_and_the_last_get_a_line_the_others_at_most_one_a_second()
    {
        var progress = new LoopProgress("Trainer.Step", new TrackedLoop("Trainer.Step", "Program.cs", 12, Size: 1000));
        var now = 1_000_000L;
        var second = Stopwatch.Frequency;

        var described = new List<long>();
        for (var run = 1; run <= 1000; run++)
        {
            progress.Add(0.001);
            now += second / 100; // 10 ms per run: 10 s for the whole loop
            if (progress.ShouldDescribe(now))
                described.Add(progress.Runs);
        }

        Assert.Equal(Enumerable.Range(1, LoopProgress.RunsAlwaysDescribed).Select(i => (long)i), described.Take(LoopProgress.RunsAlwaysDescribed));
        var later = described.Skip(LoopProgress.RunsAlwaysDescribed).ToList();
        Assert.Equal(1000, later[^1]);                                  // the last run always
        Assert.InRange(later.Count, 9, 11);                             // about one a second over the remaining ~10 s
        Assert.All(later.Zip(later.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 100 || pair.Second == 1000));
    }

    [Theory]
    [InlineData(1.234, "1.23 kg")]
    [InlineData(0.041, "41 g")]
    [InlineData(0.0031, "3.1 g")]
    [InlineData(0.000512, "512 mg")]
    [InlineData(0.00000692, "6.92 mg")]
    [InlineData(0.000000692, "0.692 mg")]
    [InlineData(0, "0 g")]
    public void Amounts_under_a_gram_are_written_in_milligrams(double kg, string expected)
        => Assert.Equal(expected, BudgetUnits.Co2(kg));

    [Fact]
    public void A_sub_gram_line_reads_spent_and_projected_in_the_same_unit()
    {
        var progress = new LoopProgress("MlpTrainer.Train", new TrackedLoop("MlpTrainer.Train", "Sweep.cs", 18, Size: 4));
        progress.Add(0.000000692);
        Assert.Equal("CarbonAttrs: Sweep.cs:18 MlpTrainer.Train \u00d7 4: 1 of 4 runs, 0.692 mg CO2eq so far, projected 2.77 mg (2.77 mg)",
            progress.Describe());
    }
}
