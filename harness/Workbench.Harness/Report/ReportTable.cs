using System.Text;

namespace Workbench.Harness.Report;

/// <summary>A table rendered both as Markdown and as HTML (cells are plain text, escaped as needed).</summary>
internal sealed class ReportTable(IReadOnlyList<string> header)
{
    private readonly List<string[]> _rows = [];

    public IReadOnlyList<string> Header { get; } = header;
    public IReadOnlyList<string[]> Rows => _rows;

    public void Add(params string[] cells)
    {
        if (cells.Length != Header.Count) throw new ArgumentException($"row has {cells.Length} cells, the table {Header.Count} columns");
        _rows.Add(cells);
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Header.Select(Md)).AppendLine(" |");
        sb.Append('|').AppendJoin("|", Header.Select(_ => "---")).AppendLine("|");
        foreach (var r in _rows) sb.Append("| ").AppendJoin(" | ", r.Select(Md)).AppendLine(" |");
        return sb.ToString();
    }

    public string ToHtml(string cssClass)
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"").Append(Charts.SvgFormat.Escape(cssClass)).Append("\"><thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(Charts.SvgFormat.Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var r in _rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append(LooksNumeric(c) ? "<td class=\"n\">" : "<td>").Append(Charts.SvgFormat.Escape(c)).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table>\n");
        return sb.ToString();
    }

    // Numbers (and the "—" placeholder) are right-aligned so digits line up.
    private static bool LooksNumeric(string s) =>
        s.Length > 0 && (char.IsAsciiDigit(s[0]) || s == "—" || s.StartsWith("< ", StringComparison.Ordinal) || (s[0] == '-' && s.Length > 1 && char.IsAsciiDigit(s[1])));

    private static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
