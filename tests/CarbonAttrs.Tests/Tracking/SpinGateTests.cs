namespace CarbonAttrs.Tests.Tracking;

/// <summary><see cref="SpinGate"/> (the root overlap's and the ledger queue's lock) excludes: no update inside it is lost.</summary>
public sealed class SpinGateTests
{
    private SpinGate _gate = new();
    private long _counter; // plain read-modify-write: without exclusion, concurrent increments are lost

    [Fact]
    public void Increments_made_inside_the_gate_by_several_threads_are_all_kept()
    {
        const int threads = 4, increments = 200_000;
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < increments; i++)
            {
                _gate.Enter();
                var value = _counter;
                Thread.SpinWait(1); // widen the window a lost update would need
                _counter = value + 1;
                _gate.Exit();
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal((long)threads * increments, _counter);
    }
}
