using CarbonAttrs.Reliability.Tests.Support;
using CarbonAttrs.Runtime;

namespace CarbonAttrs.Reliability.Tests.Concurrency;

/// <summary>The hot path's promise, checked without timing: a Summarize call allocates nothing once warm.</summary>
[Collection(ReliabilityCollection.Name)]
public class SteadyStateAllocationTests
{
    [Fact]
    public void Summarize_calls_allocate_nothing_in_steady_state()
    {
        using var scope = new TrackerScope();
        var method = new TrackedMethod("steady", "allocation", summarize: true, recordArguments: false, recordResult: false);
        for (var i = 0; i < 1_000; i++)
            RunCall(method, i); // warm-up: registration, JIT tiers

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
            RunCall(method, i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        CarbonTracker.Flush();
        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(101_000, ledger.Records.Sum(r => long.Parse(ledger.Value(r, "calls"))));
    }

    // What a generated interceptor does around a call.
    private static int RunCall(TrackedMethod method, int value)
    {
        var call = method.Begin();
        try
        {
            return value + 1;
        }
        catch (Exception e) when (call.Fail(e))
        {
            throw;
        }
        finally
        {
            call.End();
        }
    }
}
