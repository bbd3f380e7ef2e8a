using System.Globalization;
using Spectre.Console;

namespace CarbonAttrs.Cli.Terminal;

/// <summary>
/// Progress while ledgers are read, on stderr. Shown only when the read is large enough to wait for
/// (<see cref="ThresholdBytes"/>), so scripted runs on small files stay quiet. On a terminal it is a Spectre.Console
/// progress bar, cleared when reading ends; on a redirected stream one plain line says what is read, and Spectre's
/// plain renderer adds a percentage line at its milestones when the read lasts long enough.
/// </summary>
internal sealed class LedgerReadProgress(IAnsiConsole console, long thresholdBytes = LedgerReadProgress.ThresholdBytes)
{
    public const long ThresholdBytes = 16L * 1024 * 1024;

    /// <summary>Runs <paramref name="read"/>, which reports the bytes read so far through the action it is given.</summary>
    public T Track<T>(long totalBytes, int fileCount, Func<Action<long>, T> read)
    {
        if (totalBytes <= 0 || totalBytes < thresholdBytes)
            return read(_ => { });

        var what = string.Format(CultureInfo.InvariantCulture, "Reading {0} ledger file{1} ({2:0.#} MiB)",
            fileCount, fileCount == 1 ? "" : "s", totalBytes / (1024.0 * 1024));
        var live = console.Profile.Capabilities is { Interactive: true, Ansi: true };
        if (!live)
            console.WriteLine(what + "...");
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                // Markup.Escape: the plain renderer prints the description as markup.
                var task = context.AddTask(Markup.Escape(live ? what : "Reading ledgers"), maxValue: totalBytes);
                var result = read(done => task.Value = Math.Min(done, totalBytes));
                task.Value = totalBytes;
                return result;
            });
    }
}
