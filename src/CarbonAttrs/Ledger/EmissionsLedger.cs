using System.Text;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Ledger;

/// <summary>
/// Appends rows to <c>emissions.csv</c> from a background thread: tracked calls only enqueue. Each
/// batch is formatted into one UTF-8 buffer and written under an exclusive file lock (several processes may
/// share one ledger) in one write of complete lines, so a crash loses at most the rows not yet written.
/// A file whose header differs is never appended to: rows go to a new file beside it. The queue is bounded
/// (<see cref="DefaultMaxPendingRows"/>): beyond it rows are dropped, counted and warned about once.
/// </summary>
internal sealed class EmissionsLedger : IDisposable
{
    public const string DefaultFileName = "emissions.csv";
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    private readonly string _directory;
    /// <summary>Rows waiting for the writer beyond which new rows are dropped (a queued row holds about 200 B: 200 MB at the bound).</summary>
    public const int DefaultMaxPendingRows = 1_000_000;
    // A batch is written when its text reaches this size: one open and one write per ~1,300 rows, memory bounded.
    private const int BatchBytes = 1 << 20;

    private readonly RowWriter _format;
    private readonly int _maxPendingRows;
    private readonly LedgerLineBuffer _buffer = new(); // used under _writeGate only
    private readonly PendingRowQueue _pending;
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _writeGate = new();
    private readonly Thread _writer;
    private readonly HashSet<string> _tailChecked = new(); // files whose tail this process has checked (under _writeGate)
    private volatile bool _stopping;
    private long _queueFullRows;
    private int _wakeRequested;
    private long _written;

    /// <summary>Writes one measurement as a ledger line (no line break) into the buffer.</summary>
    public delegate void RowWriter(in QueuedRow row, LedgerLineBuffer line);

    public EmissionsLedger(string directory, RowWriter format, int maxPendingRows = DefaultMaxPendingRows)
    {
        _directory = string.IsNullOrEmpty(directory) ? "." : directory;
        _format = format;
        _maxPendingRows = maxPendingRows;
        _pending = new PendingRowQueue(maxPendingRows);
        _writer = new Thread(Run) { IsBackground = true, Name = "CarbonAttrs ledger writer" };
        _writer.Start();
    }

    /// <summary>The file rows go to (after a header mismatch: the file beside it).</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>Rows dropped because the file could not be written.</summary>
    public long DroppedRows { get; private set; }

    /// <summary>Rows dropped because <see cref="DefaultMaxPendingRows"/> (or the configured bound) were already waiting.</summary>
    public long QueueFullDroppedRows => Interlocked.Read(ref _queueFullRows);

    /// <summary>Rows enqueued and not yet taken by the writer.</summary>
    public int PendingRows => _pending.Count;

    /// <summary>Rows written to the file so far.</summary>
    public long WrittenRows => Interlocked.Read(ref _written);

    public void Enqueue(CarbonMeasurement measurement)
    {
        // A writer that cannot keep up (a slow disk, or millions of tiny per-row calls) must not grow memory without end.
        if (!_pending.TryEnqueue(new QueuedRow(measurement)))
        {
            if (Interlocked.Increment(ref _queueFullRows) > 1)
                return; // said on the first drop; building the message per dropped row would cost more than the row
            TrackerLog.Warn("ledger-queue-full:" + _directory,
                $"{_maxPendingRows} ledger rows are waiting to be written to {Path.GetFullPath(_directory)}; further rows are dropped (counted) until the writer catches up. "
                + "Methods called this often should be tracked with [TrackEmissions(Summarize = true)] (one row per method, see CARB008); "
                + "if the output folder is slow (a network share), point CARBONATTRS_OUTPUT_DIR at a local disk.");
            return;
        }
        // Setting the event is a system call (about 2 µs): wake the writer once per batch, not once per row.
        if (Volatile.Read(ref _wakeRequested) == 0 && Interlocked.Exchange(ref _wakeRequested, 1) == 0)
            _wake.Set();
    }

    /// <summary>Writes everything enqueued so far before returning.</summary>
    public void Flush() => WritePending();

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(TimeSpan.FromMilliseconds(250));
            Volatile.Write(ref _wakeRequested, 0); // rows enqueued from here on wake the next round
            // Let a burst of calls gather into one batch (one lock, one open) instead of a write per row. A writer
            // already a chunk or more behind does not wait: pausing would only let the backlog (and memory) grow.
            if (_pending.Count < PendingRowQueue.ChunkRows)
                Thread.Sleep(20);
            WritePending();
        }
    }

    private void WritePending()
    {
        lock (_writeGate)
        {
            var buffer = _buffer;
            buffer.Clear();
            var rows = 0;
            var fillingTaken = false;
            while (TakeNext(ref fillingTaken, out var chunk))
            {
                try
                {
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        var start = buffer.Length;
                        try
                        {
                            _format(in chunk.Rows[i], buffer);
                            buffer.Byte((byte)'\n');
                            rows++;
                        }
                        catch (Exception ex)
                        {
                            buffer.Truncate(start);
                            TrackerLog.Warn("format", $"a ledger row could not be formatted ({ex.Message}); it is skipped.");
                        }
                        if (buffer.Length >= BatchBytes)
                        {
                            AppendBatch(buffer, rows);
                            rows = 0;
                        }
                    }
                }
                finally
                {
                    _pending.Return(chunk);
                }
            }
            if (rows > 0)
                AppendBatch(buffer, rows);
        }
    }

    // Full chunks as long as there are any, and the one being filled once: every row enqueued before WritePending
    // began is written, and the producers' chunk is not swapped out from under them every few rows.
    private bool TakeNext(ref bool fillingTaken, out PendingRowQueue.Chunk chunk)
    {
        if (_pending.TryTake(out chunk, includeFilling: false))
            return true;
        if (fillingTaken)
            return false;
        fillingTaken = true;
        return _pending.TryTake(out chunk);
    }

    private void AppendBatch(LedgerLineBuffer buffer, int rows)
    {
        if (TryAppend(buffer))
            Interlocked.Add(ref _written, rows);
        else
            DroppedRows += rows;
        buffer.Clear();
    }

    private bool TryAppend(LedgerLineBuffer lines)
    {
        try
        {
            Directory.CreateDirectory(_directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TrackerLog.Warn("ledger-dir:" + _directory,
                $"the output folder '{Path.GetFullPath(_directory)}' could not be created ({ex.Message}); rows are not written. Set CARBONATTRS_OUTPUT_DIR to a writable folder.");
            return false;
        }

        for (var candidate = 0; candidate < 20; candidate++)
        {
            var path = Path.Combine(_directory, candidate == 0 ? DefaultFileName : $"emissions.carbonattrs{(candidate == 1 ? "" : "-" + candidate)}.csv");
            var outcome = AppendIfHeaderMatches(path, lines, checkTail: !_tailChecked.Contains(path));
            if (outcome == AppendOutcome.Written)
            {
                _tailChecked.Add(path);
                if (CurrentPath != path && candidate > 0)
                    TrackerLog.Warn("ledger-header:" + _directory,
                        $"{Path.Combine(_directory, DefaultFileName)} has a different header (not a CarbonAttrs ledger of this version); it is left untouched and rows are written to {path}.");
                CurrentPath = path;
                return true;
            }
            if (outcome == AppendOutcome.Failed)
                return false;
        }
        return false;
    }

    private enum AppendOutcome { Written, HeaderMismatch, Failed }

    private static AppendOutcome AppendIfHeaderMatches(string path, LedgerLineBuffer lines, bool checkTail)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock on Unix) shared with other CarbonAttrs processes.
                using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                if (stream.Length > 0)
                {
                    if (ReadFirstLine(stream) != LedgerColumns.Header)
                        return AppendOutcome.HeaderMismatch;
                    CutTornTail(stream, path, checkTail);
                    stream.Seek(0, SeekOrigin.End);
                }
                else
                {
                    stream.Write(HeaderLine, 0, HeaderLine.Length);
                }

                // The whole batch of complete lines in one write: one system call, never half a line from us.
                stream.Write(lines.Array, 0, lines.Length);
                stream.Flush(flushToDisk: false);
                return AppendOutcome.Written;
            }
            catch (IOException ex) when (attempt < 200 && IsSharingViolation(ex))
            {
                Thread.Sleep(5 + attempt % 20);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TrackerLog.Warn("ledger-write:" + path,
                    $"rows could not be written to {Path.GetFullPath(path)} ({ex.Message}); they are dropped and the program continues. Check the folder is writable and the disk not full, or set CARBONATTRS_OUTPUT_DIR.");
                return AppendOutcome.Failed;
            }
        }
    }

    private static bool IsSharingViolation(IOException ex)
        // Unix: the flock refusal surfaces as EWOULDBLOCK (11); Windows: ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION.
        => ex.GetType() == typeof(IOException) && (ex.HResult == 11 || (ex.HResult & 0xFFFF) is 32 or 33);

    private static readonly byte[] HeaderLine = Utf8NoBom.GetBytes(LedgerColumns.Header + "\n");

    // Read in blocks (the stream is unbuffered: a byte at a time would be a system call per byte of the header).
    private static string ReadFirstLine(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var block = new byte[HeaderLine.Length + 16];
        var line = new MemoryStream();
        int read;
        while ((read = stream.Read(block, 0, block.Length)) > 0)
        {
            var newline = Array.IndexOf(block, (byte)'\n', 0, read);
            line.Write(block, 0, newline >= 0 ? newline : read);
            if (newline >= 0)
                break;
        }
        var text = Utf8NoBom.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
        return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
    }

    // A writer killed mid-batch (SIGKILL, power loss, a full disk) can leave a partial last record: bytes after the
    // last record boundary. Appended to as is, the next rows would be glued to it or read as the rest of an open
    // quoted field, and a reader would see a record with the wrong field count. Under the file lock, those bytes are
    // moved to <ledger>.torn (appended, never lost) and the ledger is cut back to its last complete record. The last
    // byte is always checked; the file's tail (up to 1 MiB, for a quoted field torn after an embedded line break) once
    // per process, on first append.
    private static void CutTornTail(FileStream stream, string path, bool checkTail)
    {
        if (stream.Length == 0)
            return;
        stream.Seek(-1, SeekOrigin.End);
        var endsWithNewline = stream.ReadByte() == '\n';
        if (endsWithNewline && !checkTail)
            return;
        var boundary = LastRecordBoundary(stream);
        if (boundary < stream.Length)
            MoveToTornFile(stream, path, boundary);
        stream.Seek(0, SeekOrigin.End);
    }

    // The offset just after the last line break that ends a record: within the tail (starting after its first line
    // break, or at the file's start), quotes are counted and a line break inside an open quoted field does not count.
    private static long LastRecordBoundary(FileStream stream)
    {
        const int maxTail = 1 << 20;
        var length = (int)Math.Min(stream.Length, maxTail);
        var tail = new byte[length];
        var tailStart = stream.Length - length;
        stream.Seek(tailStart, SeekOrigin.Begin);
        var read = 0;
        while (read < length && stream.Read(tail, read, length - read) is var n && n > 0)
            read += n;
        var from = tailStart == 0 ? 0 : Array.IndexOf(tail, (byte)'\n', 0, read) + 1; // skip the window's partial first line
        if (from == 0 && tailStart > 0)
            return stream.Length; // a line longer than the window: nothing known to cut
        // Records are only ever appended whole and cut back whole, so the window's first line break (the file's start)
        // is a record boundary unless a multi-line quoted field straddles it 1 MiB back; the ledger writes none.
        var inQuotes = false;
        var boundary = from;
        for (var i = from; i < read; i++)
        {
            if (tail[i] == '"') inQuotes = !inQuotes;
            else if (tail[i] == '\n' && !inQuotes) boundary = i + 1;
        }
        return tailStart + boundary;
    }

    private static void MoveToTornFile(FileStream stream, string path, long boundary)
    {
        var count = stream.Length - boundary;
        var torn = new byte[count];
        stream.Seek(boundary, SeekOrigin.Begin);
        var read = 0;
        while (read < count && stream.Read(torn, read, (int)count - read) is var n && n > 0)
            read += n;
        var tornPath = path + ".torn";
        // Saved first: if this write fails, the ledger keeps its bytes (the exception reaches the writer's error path).
        using (var tornFile = new FileStream(tornPath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            tornFile.Write(torn, 0, read);
            tornFile.WriteByte((byte)'\n'); // one torn record per line in the .torn file
            tornFile.Flush(flushToDisk: true);
        }
        stream.SetLength(boundary);
        TrackerLog.Warn("ledger-torn:" + path,
            $"{Path.GetFullPath(path)} ended with a partial record ({count} bytes, left by a writer that was stopped mid-write); "
            + $"those bytes were moved to {Path.GetFullPath(tornPath)} and new rows start on a fresh line.");
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _writer.Join(TimeSpan.FromSeconds(2));
        WritePending();
    }
}
