namespace CarbonAttrs.Tests.Energy;

public sealed class RootWindowOverlapTests
{
    [Fact]
    public void A_window_alone_keeps_all_its_energy()
    {
        var overlap = new RootWindowOverlap();
        var w = overlap.Open(1000);
        Assert.Equal(1.0, overlap.Close(1000, w, 5000));
    }

    [Fact]
    public void Concurrent_top_level_windows_get_time_weighted_shares_that_add_up_to_the_whole()
    {
        // A: 0..100, B: 50..150. Overlap 50..100 is halved: A owns 50 + 25 = 75 of its 100 ticks, B the same.
        var overlap = new RootWindowOverlap();
        var a = overlap.Open(0);
        var b = overlap.Open(50);
        var shareA = overlap.Close(0, a, 100);
        var shareB = overlap.Close(50, b, 150);
        Assert.Equal(0.75, shareA, 12);
        Assert.Equal(0.75, shareB, 12);
        // At a constant power P the machine drew 150·P; the two rows hold 75·P + 75·P.
        Assert.Equal(150, shareA * 100 + shareB * 100, 9);
    }

    [Fact]
    public void Three_windows_with_one_inside_the_others_still_add_up()
    {
        var overlap = new RootWindowOverlap();
        var a = overlap.Open(0);     // 0..300
        var b = overlap.Open(100);   // 100..200
        var c = overlap.Open(150);   // 150..400
        var shareB = overlap.Close(100, b, 200);
        var shareA = overlap.Close(0, a, 300);
        var shareC = overlap.Close(150, c, 400);
        // Union 0..400 at constant power: the shares times durations add up to 400 ticks.
        Assert.Equal(400, shareA * 300 + shareB * 100 + shareC * 250, 9);
        Assert.True(shareB < shareA && shareA < 1 && shareC < 1);
    }

    [Fact]
    public void A_window_alone_gets_exactly_one_after_a_long_history_of_shared_and_solo_time()
    {
        // Regression: W used to be one double; after ~1e11 ticks of history, W(end) − W(start) for a window
        // that was alone rounded to a few ulps below its span, and the window was marked split (CI failure).
        var overlap = new RootWindowOverlap();
        var a = overlap.Open(0);
        var b = overlap.Open(1);
        overlap.Close(0, a, 4);   // 1..4 shared by two: W gains 1.5, a fraction
        overlap.Close(1, b, 7);
        var t = 7L;
        var random = new Random(8);
        for (var i = 0; i < 10_000; i++)
        {
            t += random.Next(1, 1_000_000);
            var span = random.NextInt64(1, 2_000_000_000);
            var mark = overlap.Open(t);
            Assert.Equal(1.0, overlap.Close(t, mark, t + span));
            t += span;
        }
        Assert.True(t > 5e12, "the history reaches the magnitude where one double loses the span's last ticks");
    }

    [Fact]
    public void An_abandoned_window_stops_taking_a_share_from_the_moment_it_is_given_up()
    {
        var overlap = new RootWindowOverlap();
        overlap.Open(0);                       // never closed
        var b = overlap.Open(100);
        Assert.Equal(0.5, overlap.Close(100, b, 200), 12);
        overlap.Abandon(300);                  // its guard was finalized at 300
        var c = overlap.Open(400);
        Assert.Equal(1.0, overlap.Close(400, c, 500));
    }
}
