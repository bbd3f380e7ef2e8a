namespace CarbonAttrs.Cli.Terminal;

/// <summary>
/// A progress line on stderr while ledgers are read. Shown only when the read is large enough to wait for
/// (<see cref="ThresholdBytes"/>): redrawn in place on a terminal, a few plain lines when stderr is redirected
/// (CI logs), so scripted runs on small files stay quiet.
/// </summary>
internal sealed class ProgressReporter(TextWriter error, bool interactive, long thresholdBytes = ProgressReporter.ThresholdBytes)
{
    public const long ThresholdBytes = 16L * 1024 * 1024;

    private long _total;
    private bool _active;
    private int _lastPercent = -1;
    private DateTime _lastDraw;

    public void Begin(long totalBytes, int fileCount)
    {
        _total = totalBytes;
        _active = totalBytes >= thresholdBytes && totalBytes > 0;
        if (_active && !interactive)
            error.WriteLine($"Reading {fileCount} ledger file{(fileCount == 1 ? "" : "s")} ({totalBytes / (1024.0 * 1024):0.#} MiB)...");
    }

    public void Report(long bytesDone, string file)
    {
        if (!_active)
            return;
        var percent = (int)Math.Min(100, bytesDone * 100 / Math.Max(1, _total));
        if (interactive)
        {
            // Redraw at most ten times a second.
            if (percent == _lastPercent || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 100)
                return;
            _lastDraw = DateTime.UtcNow;
            _lastPercent = percent;
            var name = Path.GetFileName(file);
            error.Write($"\rReading ledgers {percent,3}% [{new string('#', percent / 5)}{new string('.', 20 - percent / 5)}] {name}".PadRight(79)[..79]);
        }
        else if (percent / 25 > _lastPercent / 25)
        {
            _lastPercent = percent;
            error.WriteLine($"Reading ledgers: {percent}%");
        }
    }

    public void End()
    {
        if (_active && interactive)
            error.Write("\r" + new string(' ', 79) + "\r");
        _active = false;
    }
}
