using System.Text;
using static Workbench.Harness.Charts.SvgFormat;

namespace Workbench.Harness.Charts;

/// <summary>
/// One bar per category, split into segments (e.g. write amplification by write category).
/// <see cref="Segments"/>[i].Values[c] is segment i's height in category c; negative and NaN
/// values are drawn as zero. An optional marker per category (e.g. the device-level WA) is drawn
/// as a black tick so the breakdown can be checked against the total.
/// </summary>
public sealed class StackedBarChart
{
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<BarSeries> Segments { get; init; }
    public IReadOnlyList<double>? Markers { get; init; }
    public string MarkerName { get; init; } = "total";
    public string CssClass { get; init; } = "stacked-bar-chart";

    public string ToSvg(int width = 760, int height = 400)
    {
        foreach (var s in Segments)
            if (s.Values.Count != Categories.Count)
                throw new ArgumentException($"segment '{s.Name}' has {s.Values.Count} values for {Categories.Count} categories");
        var canvas = new SvgCanvas(width, height, Title, CssClass, withLegend: true, Categories);
        if (Categories.Count == 0 || Segments.Count == 0)
        {
            canvas.NoData();
            return canvas.Finish();
        }
        double max = 0;
        for (var c = 0; c < Categories.Count; c++)
        {
            double sum = 0;
            foreach (var s in Segments) sum += Clean(s.Values[c].Value);
            max = Math.Max(max, sum);
            if (Markers is not null && c < Markers.Count && double.IsFinite(Markers[c])) max = Math.Max(max, Markers[c]);
        }
        var y = Scale.Linear(0, max, canvas.PlotBottom, canvas.PlotTop, includeZero: true);
        canvas.DrawFrame(y, XLabel, YLabel);
        var groupWidth = (canvas.PlotRight - canvas.PlotLeft) / Categories.Count;
        var barWidth = Math.Min(60, groupWidth * 0.7);
        var sb = new StringBuilder();
        for (var c = 0; c < Categories.Count; c++)
        {
            var cx = canvas.PlotLeft + (c + 0.5) * groupWidth;
            canvas.CategoryLabel(cx, Categories[c]);
            double acc = 0;
            for (var s = 0; s < Segments.Count; s++)
            {
                var v = Clean(Segments[s].Values[c].Value);
                if (v <= 0) continue;
                var top = y.Map(acc + v);
                var bottom = y.Map(acc);
                sb.Append($"<rect class=\"segment\" x=\"{N(cx - barWidth / 2)}\" y=\"{N(top)}\" width=\"{N(barWidth)}\" height=\"{N(Math.Max(0.5, bottom - top))}\" fill=\"{Palette.Color(s)}\"><title>{Escape($"{Categories[c]} {Segments[s].Name}: {Tick(v)}")}</title></rect>\n");
                acc += v;
            }
            if (Markers is not null && c < Markers.Count && double.IsFinite(Markers[c]))
            {
                var my = y.Map(Markers[c]);
                sb.Append($"<line class=\"marker\" x1=\"{N(cx - barWidth / 2 - 6)}\" y1=\"{N(my)}\" x2=\"{N(cx + barWidth / 2 + 6)}\" y2=\"{N(my)}\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 2\"><title>{Escape($"{Categories[c]} {MarkerName}: {Tick(Markers[c])}")}</title></line>\n");
            }
        }
        canvas.Raw(sb.ToString());
        canvas.DrawLegend(Segments.Select(s => s.Name).ToList(), lines: false);
        return canvas.Finish();
    }

    private static double Clean(double v) => double.IsFinite(v) && v > 0 ? v : 0;
}
