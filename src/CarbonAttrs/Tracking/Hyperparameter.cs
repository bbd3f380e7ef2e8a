using System.Globalization;
using System.Text;

namespace CarbonAttrs;

/// <summary>One recorded argument: a name and a primitive, string or enum value.</summary>
public readonly struct Hyperparameter
{
    /// <summary>Creates a hyperparameter.</summary>
    public Hyperparameter(string name, object? value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>Parameter name.</summary>
    public string Name { get; }

    /// <summary>Value (number, bool, string, enum or null).</summary>
    public object? Value { get; }
}

/// <summary>Writes hyperparameters as one JSON object (the ledger's <c>hyperparameters</c> column).</summary>
internal static class HyperparameterJson
{
    public static string Write(IReadOnlyList<Hyperparameter>? values)
    {
        if (values is null || values.Count == 0)
            return "";
        var sb = new StringBuilder("{");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(',');
            WriteString(sb, values[i].Name);
            sb.Append(':');
            WriteValue(sb, values[i].Value);
        }
        return sb.Append('}').ToString();
    }

    private static void WriteValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case string s: WriteString(sb, s); break;
            case char c: WriteString(sb, c.ToString()); break;
            case Enum e: WriteString(sb, e.ToString()); break;
            case double d: WriteNumber(sb, d); break;
            case float f: WriteNumber(sb, f); break;
            case IFormattable n when IsInteger(value): sb.Append(n.ToString(null, CultureInfo.InvariantCulture)); break;
            case decimal m: sb.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            default: WriteString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
        }
    }

    private static bool IsInteger(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong;

    private static void WriteNumber(StringBuilder sb, double d)
    {
        // JSON has no NaN or infinity: say them as strings rather than write invalid JSON.
        if (double.IsNaN(d) || double.IsInfinity(d)) WriteString(sb, d.ToString(CultureInfo.InvariantCulture));
        else sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
