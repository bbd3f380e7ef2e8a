using System.Collections.Concurrent;
using System.Text;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Ledger;

/// <summary>
/// Appends rows to <c>emissions.csv</c> from a background thread: tracked calls only enqueue. Each
/// batch is written under an exclusive file lock (several processes may share one ledger) with one
/// complete line per write, so a crash loses at most the rows not yet written and never leaves half a row.
/// A file whose header differs is never appended to: rows go to a new file beside it.
/// </summary>
internal sealed class EmissionsLedger : IDisposable
{
    public const string DefaultFileName = "emissions.csv";
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    private readonly string _directory;
    private readonly Func<CarbonMeasurement, string> _format;
    private readonly ConcurrentQueue<CarbonMeasurement> _pending = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _writeGate = new();
    private readonly Thread _writer;
    private volatile bool _stopping;
    private long _enqueued;
    private long _written;

    public EmissionsLedger(string directory, Func<CarbonMeasurement, string> format)
    {
        _directory = string.IsNullOrEmpty(directory) ? "." : directory;
        _format = format;
        _writer = new Thread(Run) { IsBackground = true, Name = "CarbonAttrs ledger writer" };
        _writer.Start();
    }

    /// <summary>The file rows go to (after a header mismatch: the file beside it).</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>Rows dropped because the file could not be written.</summary>
    public long DroppedRows { get; private set; }

    public void Enqueue(CarbonMeasurement measurement)
    {
        _pending.Enqueue(measurement);
        Interlocked.Increment(ref _enqueued);
        _wake.Set();
    }

    /// <summary>Writes everything enqueued so far before returning.</summary>
    public void Flush() => WritePending();

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(TimeSpan.FromMilliseconds(250));
            // Let a burst of calls gather into one batch (one lock, one open) instead of a write per row.
            Thread.Sleep(20);
            WritePending();
        }
    }

    private void WritePending()
    {
        lock (_writeGate)
        {
            if (_pending.IsEmpty)
                return;
            var lines = new List<string>();
            while (_pending.TryDequeue(out var measurement))
            {
                try { lines.Add(_format(measurement)); }
                catch (Exception ex) { TrackerLog.Warn("format", $"a ledger row could not be formatted ({ex.Message}); it is skipped."); }
            }
            if (lines.Count == 0)
                return;
            if (!TryAppend(lines))
            {
                DroppedRows += lines.Count;
            }
            else
            {
                _written += lines.Count;
            }
        }
    }

    private bool TryAppend(List<string> lines)
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
            var outcome = AppendIfHeaderMatches(path, lines);
            if (outcome == AppendOutcome.Written)
            {
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

    private static AppendOutcome AppendIfHeaderMatches(string path, List<string> lines)
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
                    stream.Seek(0, SeekOrigin.End);
                    EnsureEndsWithNewline(stream);
                }
                else
                {
                    WriteLine(stream, LedgerColumns.Header);
                }

                foreach (var line in lines)
                    WriteLine(stream, line);
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

    private static string ReadFirstLine(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) != -1 && b != '\n')
            bytes.Add((byte)b);
        var text = Utf8NoBom.GetString(bytes.ToArray()).TrimEnd('\r');
        return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
    }

    // A process killed mid-write can leave a last line without its newline; start ours on a fresh line.
    private static void EnsureEndsWithNewline(FileStream stream)
    {
        if (stream.Length == 0)
            return;
        stream.Seek(-1, SeekOrigin.End);
        var last = stream.ReadByte();
        stream.Seek(0, SeekOrigin.End);
        if (last != '\n')
            stream.WriteByte((byte)'\n');
    }

    private static void WriteLine(FileStream stream, string line)
    {
        var bytes = Utf8NoBom.GetBytes(line + "\n");
        stream.Write(bytes, 0, bytes.Length); // one write per complete line
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _writer.Join(TimeSpan.FromSeconds(2));
        WritePending();
    }
}
