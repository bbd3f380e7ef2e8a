using System;
using System.Text;

namespace CarbonAttrs.Generators.Emit;

/// <summary>
/// Writes C# with indentation tracked for us (no hand-counted spaces): <see cref="OpenBlock"/> writes
/// "{" and indents, <see cref="CloseBlock"/> unindents and writes "}". Lines end with "\n" on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();

    public int Indentation { get; set; }

    public SourceWriter WriteLine(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0)
            {
                for (var i = 0; i < Indentation; i++)
                    _builder.Append(IndentUnit);
                _builder.Append(trimmed);
            }
            _builder.Append('\n');
        }
        return this;
    }

    public SourceWriter OpenBlock(string? header = null)
    {
        if (header is not null)
            WriteLine(header);
        WriteLine("{");
        Indentation++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        if (Indentation == 0)
            throw new InvalidOperationException("CloseBlock without OpenBlock");
        Indentation--;
        return WriteLine("}" + suffix);
    }

    public override string ToString() => _builder.ToString();
}
