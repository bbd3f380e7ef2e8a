using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>
/// What the sweep reports while it trains: on a terminal, two live bars (configurations of the sweep, epochs of the
/// current one, with its last loss); redirected, one plain line per configuration and per epoch, as a log should be.
/// </summary>
internal abstract class TrainingProgress
{
    /// <summary>Runs <paramref name="sweep"/> with the progress display that suits <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, int configurations, Func<TrainingProgress, T> sweep)
    {
        if (!console.IsLive())
            return sweep(new LogLines(console, configurations));
        // Lines written to stderr meanwhile (CarbonAttrs' projection of the sweep) are printed above the bars.
        var stderr = Console.Error;
        using var linesAbove = new LinesAboveProgress(console);
        Console.SetError(linesAbove);
        try
        {
            // Finished bars are hidden: each configuration's outcome stays on screen as a line above the bars.
            return console.Progress()
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context => sweep(new LiveBars(console, context, configurations)));
        }
        finally
        {
            Console.SetError(stderr);
        }
    }

    /// <summary>Configuration <paramref name="number"/> (from 1) starts, for <paramref name="epochs"/> epochs.</summary>
    public abstract void ConfigurationStarted(int number, string label, int epochs);

    public abstract void EpochFinished(int epoch, int epochs, double loss);

    /// <summary>The configuration's outcome, one line (kept on screen above the bars).</summary>
    public abstract void ConfigurationFinished(string outcome);

    /// <summary>
    /// A line to print above live bars, as wide as the window: Spectre writes it over the bars' previous frame and does
    /// not clear what a shorter line leaves of it, so the line is expanded to the full width.
    /// </summary>
    public static IRenderable AboveBars(string line) => new Padder(new Text(line), new Padding(0, 0)).Expand();

    private static string Loss(double loss) => loss.ToString("F4", CultureInfo.InvariantCulture);

    private sealed class LogLines(IAnsiConsole console, int configurations) : TrainingProgress
    {
        public override void ConfigurationStarted(int number, string label, int epochs) => console.WriteLine($"[{number}/{configurations}] {label}");

        public override void EpochFinished(int epoch, int epochs, double loss) => console.WriteLine($"      epoch {epoch}/{epochs}  loss {Loss(loss)}");

        public override void ConfigurationFinished(string outcome) => console.WriteLine("      " + outcome);
    }

    private sealed class LiveBars(IAnsiConsole console, ProgressContext context, int configurations) : TrainingProgress
    {
        private readonly ProgressTask _sweep = context.AddTask("configurations", maxValue: configurations);
        private ProgressTask? _epochs;
        private string _label = "";

        public override void ConfigurationStarted(int number, string label, int epochs)
        {
            _label = label;
            _sweep.Description = Markup.Escape($"configuration {number}/{configurations}");
            _epochs?.StopTask();
            _epochs = context.AddTask(Markup.Escape(label), maxValue: epochs);
        }

        public override void EpochFinished(int epoch, int epochs, double loss)
        {
            if (_epochs is null)
                return;
            _epochs.Value = epoch;
            _epochs.Description = Markup.Escape($"{_label}: epoch {epoch}/{epochs}, loss {Loss(loss)}");
        }

        public override void ConfigurationFinished(string outcome)
        {
            _sweep.Increment(1);
            console.Write(AboveBars($"{_label}: {outcome}"));
        }
    }
}
