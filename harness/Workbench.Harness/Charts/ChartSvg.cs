using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Harness.Charts;

/// <summary>
/// Turns ScottPlot's SVG into an element the report can inline: drops the XML declaration, adds a
/// class, an accessible title and data attributes naming the axis labels and legend entries (what
/// the browser test checks against the rendered text), reduces Skia's per-glyph x/y lists to the
/// first position (the browser lays out the glyphs; a trailing comma in those lists is not valid
/// SVG) and makes clip-path ids unique within the report and stable across renderings (ScottPlot
/// takes them from a process-wide counter, and inline SVGs share one id space). Stateless, thread-safe.
/// </summary>
internal static partial class ChartSvg
{
    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@" (x|y)=""(-?[0-9.eE+-]+),[^""]*""")]
    private static partial Regex GlyphPositions();

    [GeneratedRegex(@">\s*\n\s*([^<\s][^<]*?)\s*\n\s*</text>")]
    private static partial Regex TextContent();

    [GeneratedRegex(@"(id=""|url\(#)(cl_[0-9A-Za-z]+)")]
    private static partial Regex ClipIds();

    public static string Finish(string svg, string id, string cssClass, string title, string xLabel, string yLabel, IEnumerable<string> legend)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentNullException.ThrowIfNull(legend);
        var s = XmlDeclaration().Replace(svg, "");
        s = GlyphPositions().Replace(s, " $1=\"$2\"");
        s = TextContent().Replace(s, ">$1</text>");
        // ScottPlot's clip ids come from a process-wide counter: renumber them per chart so re-rendering is byte-identical.
        var clips = new Dictionary<string, int>(StringComparer.Ordinal);
        s = ClipIds().Replace(s, m =>
        {
            if (!clips.TryGetValue(m.Groups[2].Value, out var n)) clips[m.Groups[2].Value] = n = clips.Count + 1;
            return m.Groups[1].Value + id + "-clip" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        // The xlink namespace is declared but unused; dropping it leaves the SVG namespace as the only URL in the report.
        if (!s.Contains("xlink:", StringComparison.Ordinal)) s = s.Replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", StringComparison.Ordinal);
        var open = s.IndexOf("<svg ", StringComparison.Ordinal);
        var close = s.IndexOf('>', open);
        var attrs = new StringBuilder();
        attrs.Append(" class=\"chart ").Append(SvgFormat.Escape(cssClass)).Append('"')
            .Append(" role=\"img\" aria-label=\"").Append(SvgFormat.Escape(title)).Append('"')
            .Append(" data-x-label=\"").Append(SvgFormat.Escape(xLabel)).Append('"')
            .Append(" data-y-label=\"").Append(SvgFormat.Escape(yLabel)).Append('"')
            .Append(" data-legend=\"").Append(SvgFormat.Escape(string.Join("|", legend))).Append('"')
            .Append(" viewBox=\"0 0 ").Append(Attr(s[open..close], "width")).Append(' ').Append(Attr(s[open..close], "height")).Append('"');
        return s[..close] + attrs + "><title>" + SvgFormat.Escape(title) + "</title>" + s[(close + 1)..];
    }

    private static string Attr(string tag, string name)
    {
        var i = tag.IndexOf(" " + name + "=\"", StringComparison.Ordinal) + name.Length + 3;
        return tag[i..tag.IndexOf('"', i)];
    }
}
