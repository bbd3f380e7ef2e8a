using System.Text;

namespace CarbonAttrs.Ledger;

/// <summary>RFC 4180 CSV writing and reading, shared by the ledger writer and every reader.</summary>
public static class CsvFormat
{
    /// <summary>
    /// Quotes a text field when it holds a comma, quote, or line break, and defuses spreadsheet formulas
    /// (a leading <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading apostrophe).
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var text = value!;
        if (text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            text = "'" + text;
        var needsQuotes = text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0;
        return needsQuotes ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>Joins already formatted fields into one line.</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(",", fields);

    /// <summary>
    /// Splits CSV text into records (quoted fields may span lines). Each record comes with the line
    /// number it starts on; a record whose quotes never close is returned with <c>Complete = false</c>.
    /// </summary>
    public static IEnumerable<CsvRecord> ReadRecords(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordStart = 1;
        var inQuotes = false;
        var fieldStarted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false; // the next field may open with a quote
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRecord(recordStart, fields.ToArray(), true);
                    fields.Clear();
                    fieldStarted = false;
                    line++;
                    recordStart = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0 || inQuotes)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordStart, fields.ToArray(), !inQuotes);
        }
    }
}

/// <summary>One CSV record with the line it starts on.</summary>
public readonly struct CsvRecord
{
    /// <summary>Creates a record.</summary>
    public CsvRecord(int line, string[] fields, bool complete)
    {
        Line = line;
        Fields = fields;
        Complete = complete;
    }

    /// <summary>1-based line number where the record starts.</summary>
    public int Line { get; }
    /// <summary>The fields, unquoted.</summary>
    public string[] Fields { get; }
    /// <summary>False when the file ended inside a quoted field (a torn last row).</summary>
    public bool Complete { get; }
}
