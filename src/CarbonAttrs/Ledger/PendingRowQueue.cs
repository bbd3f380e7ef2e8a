namespace CarbonAttrs.Ledger;

/// <summary>
/// Rows waiting for the ledger writer, stored by value in chunks of <see cref="ChunkRows"/> that are reused.
/// Why not a queue of measurement objects: when per-row calls outrun the writer for a moment, thousands of rows
/// wait, and as objects every one of them survived each gen0 collection and was copied into gen1 — measured at
/// 250–500 ns of GC pause per call (a third of the call) with a backlog of ~90,000 rows. Rows held in a few reused
/// arrays cost the collector almost nothing. Any number of producers; one consumer at a time (the writer, under
/// its own lock). The lock is held for one copy of a row: uncontended it costs about as much as the
/// lock-free queue's interlocked operations did.
/// </summary>
internal sealed class PendingRowQueue
{
    /// <summary>Rows per chunk: 256 rows of about 190 B stay below the large-object heap threshold (85,000 B).</summary>
    public const int ChunkRows = 256;

    // Chunks kept for reuse: a backlog of ~32,000 rows (the writer gathers rows for 20 ms, then writes; at a million
    // calls a second that is 20,000 rows), at most ~6 MB kept after a burst. Beyond it chunks are left to the GC.
    private const int MaxPooledChunks = 128;

    private SpinGate _gate = new(); // held for one row's copy or a chunk swap: a monitor's second locked instruction was a measurable part of a per-row call
    private readonly Queue<Chunk> _full = new();
    private readonly Stack<Chunk> _pool = new();
    private readonly int _capacity;
    private Chunk _filling = new();
    private int _count;

    /// <param name="capacity">Rows that may wait at once; <see cref="TryEnqueue"/> refuses more.</param>
    public PendingRowQueue(int capacity) => _capacity = capacity;

    /// <summary>Rows enqueued and not yet taken by the consumer.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Copies the row in; false (nothing stored) when <c>capacity</c> rows are already waiting.</summary>
    public bool TryEnqueue(in QueuedRow row)
    {
        _gate.Enter();
        try
        {
            if (_count >= _capacity)
                return false;
            if (_filling.Count == ChunkRows)
            {
                _full.Enqueue(_filling);
                _filling = _pool.Count > 0 ? _pool.Pop() : new Chunk();
            }
            _filling.Rows[_filling.Count++] = row;
            _count++;
            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Takes the oldest chunk of waiting rows (rows come out in enqueue order); false when none wait. Give it back
    /// with <see cref="Return"/> once its rows are written. <paramref name="includeFilling"/>: false takes full
    /// chunks only, so a writer that has caught up does not swap out the chunk producers are filling every few rows
    /// (each swap takes the lock they need: measured as the calling thread's largest cost after the GC).
    /// </summary>
    public bool TryTake(out Chunk chunk, bool includeFilling = true)
    {
        _gate.Enter();
        try
        {
            if (_full.Count > 0)
                chunk = _full.Dequeue();
            else if (includeFilling && _filling.Count > 0)
            {
                chunk = _filling;
                _filling = _pool.Count > 0 ? _pool.Pop() : new Chunk();
            }
            else
            {
                chunk = null!;
                return false;
            }
            _count -= chunk.Count;
            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Clears a taken chunk (its rows' strings and lists can be collected) and keeps it for reuse.</summary>
    public void Return(Chunk chunk)
    {
        Array.Clear(chunk.Rows, 0, chunk.Count);
        chunk.Count = 0;
        _gate.Enter();
        try
        {
            if (_pool.Count < MaxPooledChunks)
                _pool.Push(chunk);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Up to <see cref="ChunkRows"/> rows; <see cref="Rows"/>[0, <see cref="Count"/>) are filled.</summary>
    internal sealed class Chunk
    {
        public readonly QueuedRow[] Rows = new QueuedRow[ChunkRows];
        public int Count;
    }
}
