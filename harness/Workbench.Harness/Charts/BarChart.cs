using System.Text;
using static Workbench.Harness.Charts.SvgFormat;

namespace Workbench.Harness.Charts;

/// <summary>
/// Grouped bars: one group per category, one bar per series, optional CI whiskers
/// (<see cref="BarValue.Low"/>/<see cref="BarValue.High"/>). The Y axis starts at zero (bars
/// compare lengths) unless it is logarithmic.
/// </summary>
public sealed class BarChart
{
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public bool LogY { get; init; }
    public string CssClass { get; init; } = "bar-chart";

    public string ToSvg(int width = 760, int height = 400)
    {
        foreach (var s in Series)
            if (s.Values.Count != Categories.Count)
                throw new ArgumentException($"bar series '{s.Name}' has {s.Values.Count} values for {Categories.Count} categories");
        var canvas = new SvgCanvas(width, height, Title, CssClass, withLegend: true, Categories);
        var values = new List<double>();
        foreach (var s in Series)
            foreach (var v in s.Values)
            {
                if (!double.IsFinite(v.Value)) continue;
                values.Add(v.Value);
                if (v.High is { } h && double.IsFinite(h)) values.Add(h);
                if (v.Low is { } l && double.IsFinite(l)) values.Add(l);
            }
        if (LogY) values.RemoveAll(v => v <= 0);
        if (values.Count == 0 || Categories.Count == 0)
        {
            canvas.NoData();
            return canvas.Finish();
        }
        var y = LogY
            ? Scale.Log(values.Min(), values.Max(), canvas.PlotBottom, canvas.PlotTop)
            : Scale.Linear(values.Min(), values.Max(), canvas.PlotBottom, canvas.PlotTop, includeZero: true);
        canvas.DrawFrame(y, XLabel, YLabel);
        var groupWidth = (canvas.PlotRight - canvas.PlotLeft) / Categories.Count;
        var barWidth = groupWidth * 0.8 / Math.Max(1, Series.Count);
        var baseline = LogY ? canvas.PlotBottom : y.Map(0);
        var sb = new StringBuilder();
        for (var c = 0; c < Categories.Count; c++)
        {
            var groupLeft = canvas.PlotLeft + c * groupWidth + groupWidth * 0.1;
            canvas.CategoryLabel(canvas.PlotLeft + (c + 0.5) * groupWidth, Categories[c]);
            for (var s = 0; s < Series.Count; s++)
            {
                var v = Series[s].Values[c];
                if (!double.IsFinite(v.Value) || LogY && v.Value <= 0) continue;
                var x = groupLeft + s * barWidth;
                var top = y.Map(v.Value);
                var (y0, h) = top < baseline ? (top, baseline - top) : (baseline, top - baseline);
                sb.Append($"<rect class=\"bar\" x=\"{N(x + 1)}\" y=\"{N(y0)}\" width=\"{N(Math.Max(1, barWidth - 2))}\" height=\"{N(Math.Max(0.5, h))}\" fill=\"{Palette.Color(s)}\"><title>{Escape($"{Series[s].Name} / {Categories[c]}: {Tick(v.Value)}")}</title></rect>\n");
                if (v.Low is { } lo && v.High is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
                {
                    var cx = x + barWidth / 2;
                    var pyLo = y.Map(LogY ? Math.Max(lo, y.DomainMin) : lo);
                    var pyHi = y.Map(hi);
                    var cap = Math.Min(6, barWidth / 3);
                    sb.Append($"<g class=\"whisker\" stroke=\"#222\" stroke-width=\"1.2\"><line x1=\"{N(cx)}\" y1=\"{N(pyLo)}\" x2=\"{N(cx)}\" y2=\"{N(pyHi)}\"/><line x1=\"{N(cx - cap)}\" y1=\"{N(pyLo)}\" x2=\"{N(cx + cap)}\" y2=\"{N(pyLo)}\"/><line x1=\"{N(cx - cap)}\" y1=\"{N(pyHi)}\" x2=\"{N(cx + cap)}\" y2=\"{N(pyHi)}\"/></g>\n");
                }
            }
        }
        canvas.Raw(sb.ToString());
        canvas.DrawLegend(Series.Select(s => s.Name).ToList(), lines: false);
        return canvas.Finish();
    }
}
