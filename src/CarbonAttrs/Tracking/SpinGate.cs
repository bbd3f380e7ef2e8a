namespace CarbonAttrs;

/// <summary>
/// A lock for a few instructions of shared state on the per-row path: one interlocked operation to enter and a release
/// store to leave, where <c>lock</c> (a monitor) takes two. Why: on a per-row method's calling thread each locked
/// instruction waits for the stores before it (a ledger row, a window, a measurement), and three monitors per call
/// (the root overlap's open and close, the ledger queue) were a measurable part of the call. A waiter spins briefly,
/// then yields (<see cref="SpinWait"/>), so a holder preempted on the same core gets to finish.
/// Use it only for short sections that never block or throw midway.
/// </summary>
internal struct SpinGate
{
    private int _taken;

    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0)
            EnterContended();
    }

    public void Exit() => Volatile.Write(ref _taken, 0);

    private void EnterContended()
    {
        var spin = new SpinWait();
        do
            spin.SpinOnce();
        while (Volatile.Read(ref _taken) != 0 || Interlocked.CompareExchange(ref _taken, 1, 0) != 0);
    }
}
