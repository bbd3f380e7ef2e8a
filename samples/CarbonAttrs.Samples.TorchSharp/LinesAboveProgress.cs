using System.Text;
using Spectre.Console;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>
/// Stands in for stderr while the progress bars are live: each complete line goes to the Spectre console, which prints
/// it above the bars. Written straight to the terminal, a line (CarbonAttrs' sweep projection after each configuration)
/// would land inside the bars' redraw and leave broken frames behind.
/// </summary>
internal sealed class LinesAboveProgress(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            console.Write(TrainingProgress.AboveBars(_line.ToString().TrimEnd('\r')));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _line.Length > 0)
            console.Write(TrainingProgress.AboveBars(_line.ToString()));
        _line.Clear();
        base.Dispose(disposing);
    }
}
