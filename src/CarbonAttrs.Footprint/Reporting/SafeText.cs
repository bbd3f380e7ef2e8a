using System.Net;
using System.Text;

namespace CarbonAttrs.Footprint.Reporting;

/// <summary>
/// Makes ledger text (method names, hyperparameters, hosts: anything a user's program wrote) safe to show.
/// Every cell is defused first (a leading <c>= + - @</c>, tab or CR gets an apostrophe, as in the ledger,
/// so a table pasted into a spreadsheet runs no formula), then escaped for HTML or Markdown.
/// </summary>
internal static class SafeText
{
    public static string Defuse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var singleLine = text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
        return text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + singleLine : singleLine;
    }

    /// <summary>Defused and HTML-encoded (safe in element content and in quoted attributes).</summary>
    public static string Html(string? text) => WebUtility.HtmlEncode(Defuse(text));

    /// <summary>Defused and Markdown-escaped (safe in a table cell).</summary>
    public static string Markdown(string? text)
    {
        var defused = Defuse(text);
        var sb = new StringBuilder(defused.Length + 8);
        foreach (var c in defused)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!' or '~' or '{' or '}':
                    sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Figures we format ourselves (numbers with units) need only HTML encoding.</summary>
    public static string Figure(string text) => WebUtility.HtmlEncode(text);
}
