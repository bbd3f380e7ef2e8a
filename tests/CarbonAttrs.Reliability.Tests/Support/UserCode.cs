using CarbonAttrs.Runtime;

namespace CarbonAttrs.Reliability.Tests.Support;

/// <summary>What a user's program does around tracked calls; any exception here reached "user code".</summary>
public static class UserCode
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TrackedMethod PerRow, TrackedMethod Summarized)> Methods = new();

    /// <summary>
    /// Makes <paramref name="count"/> tracked calls of each kind (generated-code API per row and summarized,
    /// CarbonTracker.Track) and flushes: 2 × count + 1 rows, each with <paramref name="tag"/> as experiment.
    /// </summary>
    public static void Work(int count, string tag)
    {
        var (perRow, summarizedMethod) = Methods.GetOrAdd(tag, t => (
            new TrackedMethod("user.per-row", t, summarize: false, recordArguments: true, recordResult: true),
            new TrackedMethod("user.summarized", t, summarize: true, recordArguments: false, recordResult: false)));
        for (var i = 0; i < count; i++)
        {
            var call = perRow.Begin();
            call.Argument("tag", tag);
            call.Result(i);
            call.End();
            var summarized = summarizedMethod.Begin();
            summarized.End();
            using (var window = CarbonTracker.Track("user.window", tag))
                window.Record("i", i);
        }
        CarbonTracker.Flush();
    }
}
