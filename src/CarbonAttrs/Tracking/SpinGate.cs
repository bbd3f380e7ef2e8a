namespace CarbonAttrs;

/// <summary>
/// A lock for a few instructions of shared state on the per-row path: the runtime's <see cref="SpinLock"/> without
/// owner tracking, entered with one interlocked operation and left with a release store (<c>Exit(false)</c>), where
/// <c>lock</c> (a monitor) takes two interlocked operations. Why: on a per-row method's calling thread each locked
/// instruction waits for the stores before it (a ledger row, a window, a measurement), and three monitors per call
/// (the root overlap's open and close, the ledger queue) were a measurable part of the call. A waiter spins, then
/// yields, so a holder preempted on the same core gets to finish. Use it only for short sections that never block.
/// A mutable struct: keep it in a non-readonly field initialized with <c>new()</c> (a default one would track its
/// owner, which costs more) and never copy it.
/// </summary>
internal struct SpinGate
{
    private SpinLock _lock;

    public SpinGate() => _lock = new SpinLock(enableThreadOwnerTracking: false);

    public void Enter()
    {
        var taken = false;
        _lock.Enter(ref taken);
    }

    // A release store on the lock's volatile owner field: the section's writes are visible before the lock is seen free.
    public void Exit() => _lock.Exit(useMemoryBarrier: false);
}
