using System.Text;
using static CarbonAttrs.Footprint.Reporting.SafeText;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>A cell: ledger text (escaped as such) or a figure we formatted (numbers, right-aligned).</summary>
internal readonly record struct Cell(string Text, bool IsFigure)
{
    public static Cell Label(string text) => new(text, false);
    public static Cell Figure(string text) => new(text, true);
}

/// <summary>
/// A table the Markdown and HTML reports both write (the newer sections use it so the two formats cannot drift):
/// headers, rows of cells, and an optional CSS class per row.
/// </summary>
internal sealed class ReportTable
{
    private readonly List<(Cell[] Cells, string? RowClass)> _rows = new();

    public ReportTable(params string[] headers) => Headers = headers;

    public IReadOnlyList<string> Headers { get; }
    public int RowCount => _rows.Count;

    public ReportTable Add(string? rowClass, params Cell[] cells)
    {
        if (cells.Length != Headers.Count)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {Headers.Count} columns", nameof(cells));
        _rows.Add((cells, rowClass));
        return this;
    }

    public ReportTable Add(params Cell[] cells) => Add(null, cells);

    public void WriteMarkdown(StringBuilder sb)
    {
        sb.Append("| ").Append(string.Join(" | ", Headers.Select(Markdown))).AppendLine(" |");
        sb.Append('|');
        for (var i = 0; i < Headers.Count; i++)
            sb.Append(ColumnIsNumeric(i) ? "---:|" : "---|");
        sb.AppendLine();
        foreach (var (cells, _) in _rows)
            sb.Append("| ").Append(string.Join(" | ", cells.Select(c => Markdown(c.Text)))).AppendLine(" |");
        sb.AppendLine();
    }

    public void WriteHtml(StringBuilder sb)
    {
        sb.Append("<table><thead><tr>");
        foreach (var header in Headers)
            sb.Append("<th>").Append(Html(header)).Append("</th>");
        sb.AppendLine("</tr></thead><tbody>");
        foreach (var (cells, rowClass) in _rows)
        {
            sb.Append(rowClass is null ? "<tr>" : $"<tr class=\"{rowClass}\">");
            foreach (var cell in cells)
                sb.Append(cell.IsFigure ? "<td class=\"n\">" : "<td>").Append(cell.IsFigure ? Figure(cell.Text) : Html(cell.Text)).Append("</td>");
            sb.AppendLine("</tr>");
        }
        sb.AppendLine("</tbody></table>");
    }

    private bool ColumnIsNumeric(int column) => _rows.Count > 0 && _rows.All(r => r.Cells[column].IsFigure);
}
