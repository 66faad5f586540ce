using System.Text;
using static Workbench.Harness.Charts.SvgFormat;

namespace Workbench.Harness.Charts;

/// <summary>
/// Builds one standalone SVG document: a plot area inside margins, a title, axes with ticks and
/// grid lines, and a legend on the right. Chart types draw their marks between
/// <see cref="DrawFrame"/> and <see cref="Finish"/>. Not thread-safe (a canvas per chart).
/// </summary>
public sealed class SvgCanvas
{
    private const int LegendWidth = 180;

    /// <summary>Average advance of a 12 px sans-serif character, for estimating label widths without a font engine.</summary>
    private const double CharWidth = 6.8;
    private const double LabelAngle = 40;
    private readonly StringBuilder _sb = new();
    private readonly bool _rotateCategoryLabels;

    /// <summary>
    /// With <paramref name="categories"/>, labels too wide for their slot under the plot are drawn
    /// slanted and the SVG grows downwards by the room they need, so they never overlap.
    /// </summary>
    public SvgCanvas(int width, int height, string title, string cssClass, bool withLegend, IReadOnlyList<string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        Width = width;
        PlotLeft = 70;
        PlotTop = 40;
        PlotRight = width - (withLegend ? LegendWidth + 20 : 20);
        PlotBottom = height - 55;
        var extra = 0;
        if (categories is { Count: > 0 })
        {
            var slot = (PlotRight - PlotLeft) / categories.Count;
            var longest = 0;
            foreach (var c in categories) longest = Math.Max(longest, c.Length);
            if (longest * CharWidth > slot - 6)
            {
                _rotateCategoryLabels = true;
                extra = (int)Math.Ceiling(longest * CharWidth * Math.Sin(LabelAngle * Math.PI / 180)) + 4;
                // Labels slant left from their bars: move the plot right until the furthest-reaching one fits.
                var cos = Math.Cos(LabelAngle * Math.PI / 180);
                double overhang = 0;
                for (var i = 0; i < categories.Count; i++)
                    overhang = Math.Max(overhang, categories[i].Length * CharWidth * cos - (i + 0.5) * slot);
                PlotLeft = Math.Max(PlotLeft, Math.Ceiling(overhang) + 8);
            }
        }
        Height = height + extra;
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {Escape(cssClass)}\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        _sb.Append($"<title>{Escape(title)}</title>\n");
        _sb.Append($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n");
        _sb.Append($"<text x=\"{N(width / 2.0)}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n");
    }

    public int Width { get; }
    public int Height { get; }
    public double PlotLeft { get; }
    public double PlotTop { get; }
    public double PlotRight { get; }
    public double PlotBottom { get; }

    public void Raw(string svg) => _sb.Append(svg).Append('\n');

    /// <summary>Y axis with ticks and grid; X axis line; axis labels.</summary>
    public void DrawFrame(Scale y, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(y);
        _sb.Append("<g class=\"axis y\">\n");
        foreach (var t in y.TickValues)
        {
            var py = y.Map(t);
            _sb.Append($"<line x1=\"{N(PlotLeft)}\" y1=\"{N(py)}\" x2=\"{N(PlotRight)}\" y2=\"{N(py)}\" stroke=\"#e0e0e0\"/>");
            _sb.Append($"<text x=\"{N(PlotLeft - 6)}\" y=\"{N(py + 4)}\" text-anchor=\"end\">{Escape(Tick(t))}</text>\n");
        }
        _sb.Append($"<line x1=\"{N(PlotLeft)}\" y1=\"{N(PlotTop)}\" x2=\"{N(PlotLeft)}\" y2=\"{N(PlotBottom)}\" stroke=\"#333\"/>\n");
        _sb.Append("</g>\n");
        _sb.Append($"<line class=\"axis x\" x1=\"{N(PlotLeft)}\" y1=\"{N(PlotBottom)}\" x2=\"{N(PlotRight)}\" y2=\"{N(PlotBottom)}\" stroke=\"#333\"/>\n");
        _sb.Append($"<text x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N(Height - 10)}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        var cy = (PlotTop + PlotBottom) / 2;
        _sb.Append($"<text x=\"16\" y=\"{N(cy)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {N(cy)})\">{Escape(yLabel)}</text>\n");
    }

    /// <summary>Ticks along the X axis of a numeric scale.</summary>
    public void DrawXTicks(Scale x, IReadOnlyList<(double Value, string Label)>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var ticks = labels ?? x.TickValues.Select(t => (t, Tick(t))).ToList();
        foreach (var (v, label) in ticks)
        {
            var px = x.Map(v);
            _sb.Append($"<line x1=\"{N(px)}\" y1=\"{N(PlotBottom)}\" x2=\"{N(px)}\" y2=\"{N(PlotBottom + 5)}\" stroke=\"#333\"/>");
            _sb.Append($"<text x=\"{N(px)}\" y=\"{N(PlotBottom + 18)}\" text-anchor=\"middle\">{Escape(label)}</text>\n");
        }
    }

    /// <summary>A category label centred under <paramref name="centerX"/> (slanted, ending there, when labels are too wide).</summary>
    public void CategoryLabel(double centerX, string label)
    {
        if (_rotateCategoryLabels)
        {
            var y = PlotBottom + 14;
            _sb.Append($"<text class=\"category\" x=\"{N(centerX)}\" y=\"{N(y)}\" text-anchor=\"end\" transform=\"rotate(-{N(LabelAngle)} {N(centerX)} {N(y)})\">{Escape(label)}</text>\n");
            return;
        }
        _sb.Append($"<text class=\"category\" x=\"{N(centerX)}\" y=\"{N(PlotBottom + 18)}\" text-anchor=\"middle\">{Escape(label)}</text>\n");
    }

    /// <summary>The legend: one swatch (box or line) and name per entry.</summary>
    public void DrawLegend(IReadOnlyList<string> names, bool lines)
    {
        ArgumentNullException.ThrowIfNull(names);
        var x = PlotRight + 15;
        var y = PlotTop + 5;
        _sb.Append("<g class=\"legend\">\n");
        for (var i = 0; i < names.Count; i++)
        {
            var color = Palette.Color(i);
            if (lines)
            {
                var dash = Palette.Dash(i);
                _sb.Append($"<line x1=\"{N(x)}\" y1=\"{N(y + 6)}\" x2=\"{N(x + 18)}\" y2=\"{N(y + 6)}\" stroke=\"{color}\" stroke-width=\"2.5\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>");
            }
            else
            {
                _sb.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"12\" height=\"12\" fill=\"{color}\"/>");
            }
            _sb.Append($"<text class=\"legend-entry\" x=\"{N(x + 24)}\" y=\"{N(y + 10)}\">{Escape(Shorten(names[i], 26))}</text>\n");
            y += 18;
        }
        _sb.Append("</g>\n");
    }

    public void NoData() =>
        _sb.Append($"<text class=\"no-data\" x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N((PlotTop + PlotBottom) / 2)}\" text-anchor=\"middle\" fill=\"#666\">no data</text>\n");

    public string Finish()
    {
        _sb.Append("</svg>\n");
        return _sb.ToString();
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
