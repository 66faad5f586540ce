using System.Text;
using static Workbench.Harness.Charts.SvgFormat;

namespace Workbench.Harness.Charts;

/// <summary>
/// Lines over a numeric X axis, optionally log-scaled on either axis, with point markers, custom X
/// tick labels (e.g. p50…p99.9 placed on a "nines" axis) and vertical markers.
/// </summary>
public sealed class LineChart
{
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required IReadOnlyList<LineSeries> Series { get; init; }
    public bool LogX { get; init; }
    public bool LogY { get; init; }
    public bool ShowPoints { get; init; } = true;
    public bool YFromZero { get; init; }
    public IReadOnlyList<(double Value, string Label)>? XTickLabels { get; init; }
    public IReadOnlyList<VerticalMarker> Markers { get; init; } = [];
    public string CssClass { get; init; } = "line-chart";

    public string ToSvg(int width = 760, int height = 400)
    {
        var canvas = new SvgCanvas(width, height, Title, CssClass, withLegend: true);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var s in Series)
            foreach (var (x, y) in s.Points)
                if (Usable(x, LogX) && Usable(y, LogY))
                {
                    xs.Add(x);
                    ys.Add(y);
                }
        if (xs.Count == 0)
        {
            canvas.NoData();
            return canvas.Finish();
        }
        if (XTickLabels is not null)
            foreach (var (v, _) in XTickLabels)
                if (Usable(v, LogX)) xs.Add(v);
        var xScale = LogX
            ? Scale.Log(xs.Min(), xs.Max(), canvas.PlotLeft, canvas.PlotRight)
            : XTickLabels is not null
                ? ExactLinear(xs.Min(), xs.Max(), canvas.PlotLeft, canvas.PlotRight)
                : Scale.Linear(xs.Min(), xs.Max(), canvas.PlotLeft, canvas.PlotRight, includeZero: false);
        var yScale = LogY
            ? Scale.Log(ys.Min(), ys.Max(), canvas.PlotBottom, canvas.PlotTop)
            : Scale.Linear(ys.Min(), ys.Max(), canvas.PlotBottom, canvas.PlotTop, includeZero: YFromZero);
        canvas.DrawFrame(yScale, XLabel, YLabel);
        canvas.DrawXTicks(xScale, XTickLabels);
        var sb = new StringBuilder();
        foreach (var m in Markers)
        {
            if (!Usable(m.X, LogX)) continue;
            var px = xScale.Map(m.X);
            sb.Append($"<g class=\"vmarker\"><line x1=\"{N(px)}\" y1=\"{N(canvas.PlotTop)}\" x2=\"{N(px)}\" y2=\"{N(canvas.PlotBottom)}\" stroke=\"#D55E00\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"{N(px + 3)}\" y=\"{N(canvas.PlotTop + 12)}\" font-size=\"10\" fill=\"#D55E00\">{Escape(m.Label)}</text></g>\n");
        }
        for (var i = 0; i < Series.Count; i++)
        {
            var color = Palette.Color(i);
            var dash = Palette.Dash(i);
            var pts = new StringBuilder();
            var marks = new StringBuilder();
            foreach (var (x, y) in Series[i].Points)
            {
                if (!Usable(x, LogX) || !Usable(y, LogY)) continue;
                var px = xScale.Map(x);
                var py = yScale.Map(y);
                pts.Append(N(px)).Append(',').Append(N(py)).Append(' ');
                if (ShowPoints) marks.Append($"<circle cx=\"{N(px)}\" cy=\"{N(py)}\" r=\"3\" fill=\"{color}\"><title>{Escape($"{Series[i].Name}: {Tick(x)}, {Tick(y)}")}</title></circle>");
            }
            sb.Append($"<g class=\"series\"><polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")} points=\"{pts.ToString().TrimEnd()}\"/>{marks}</g>\n");
        }
        canvas.Raw(sb.ToString());
        canvas.DrawLegend(Series.Select(s => s.Name).ToList(), lines: true);
        return canvas.Finish();
    }

    // With explicit tick labels the X range is the data's, slightly padded, not rounded to nice numbers.
    private static Scale ExactLinear(double min, double max, double p0, double p1)
    {
        var pad = max > min ? (max - min) * 0.04 : 1;
        return Scale.Linear(min - pad, max + pad, p0, p1, includeZero: false);
    }

    private static bool Usable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);
}
