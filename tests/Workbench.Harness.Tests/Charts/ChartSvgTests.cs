using System.Globalization;
using System.Xml.Linq;
using Workbench.Harness.Charts;

namespace Workbench.Harness.Tests.Charts;

public class ChartSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return doc;
    }

    private static IEnumerable<XElement> ByClass(XDocument d, string name, string cls) =>
        d.Descendants(Svg + name).Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    private static double Attr(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);

    private static BarChart TwoByThree() => new()
    {
        Title = "Throughput <ops/s> & more",
        XLabel = "value size",
        YLabel = "ops/s",
        Categories = ["256 B", "1 KiB", "8 KiB"],
        Series =
        [
            new BarSeries("memory", [new(100, 90, 110), new(80, 70, 95), new(40, 35, 45)]),
            new BarSeries("lsm", [new(50), new(double.NaN), new(20, 18, 22)]),
        ],
    };

    [Fact]
    public void Bar_chart_draws_one_bar_per_finite_value_and_whiskers_where_given()
    {
        var d = Parse(TwoByThree().ToSvg());
        Assert.Equal(5, ByClass(d, "rect", "bar").Count());
        Assert.Equal(4, ByClass(d, "g", "whisker").Count());
        var legend = ByClass(d, "text", "legend-entry").Select(e => e.Value).ToList();
        Assert.Equal(new[] { "memory", "lsm" }, legend);
        Assert.Equal("Throughput <ops/s> & more", d.Root!.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Taller_values_make_taller_bars_and_whiskers_span_the_interval()
    {
        var d = Parse(TwoByThree().ToSvg());
        var bars = ByClass(d, "rect", "bar").ToList();
        // memory 100 vs lsm 50 in the first category: the first bar is twice as tall (the axis starts at zero).
        Assert.Equal(2.0, Attr(bars[0], "height") / Attr(bars[1], "height"), 1);
        var whisker = ByClass(d, "g", "whisker").First().Elements(Svg + "line").First();
        var barTop = Attr(bars[0], "y");
        Assert.True(Attr(whisker, "y1") > barTop && Attr(whisker, "y2") < barTop, "the CI whisker should straddle the bar top");
    }

    [Fact]
    public void Bar_colours_come_from_the_okabe_ito_palette_per_series()
    {
        var d = Parse(TwoByThree().ToSvg());
        var fills = ByClass(d, "rect", "bar").Select(b => (string)b.Attribute("fill")!).Distinct().ToList();
        Assert.Equal(new[] { Palette.OkabeIto[0], Palette.OkabeIto[1] }, fills);
    }

    [Fact]
    public void Okabe_ito_palette_is_the_published_one()
    {
        Assert.Equal(new[] { "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000" }, Palette.OkabeIto);
        Assert.Equal(Palette.Color(0), Palette.Color(8));
    }

    [Fact]
    public void Empty_charts_say_no_data()
    {
        var d = Parse(new BarChart { Title = "t", XLabel = "x", YLabel = "y", Categories = [], Series = [] }.ToSvg());
        Assert.Single(ByClass(d, "text", "no-data"));
        var l = Parse(new LineChart { Title = "t", XLabel = "x", YLabel = "y", Series = [new LineSeries("a", [(1, double.NaN)])] }.ToSvg());
        Assert.Single(ByClass(l, "text", "no-data"));
    }

    [Fact]
    public void Mismatched_series_length_is_an_error_naming_the_series()
    {
        var chart = new BarChart { Title = "t", XLabel = "x", YLabel = "y", Categories = ["a", "b"], Series = [new BarSeries("oops", [new(1)])] };
        var ex = Assert.Throws<ArgumentException>(() => chart.ToSvg());
        Assert.Contains("oops", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stacked_bars_add_up_to_the_marker()
    {
        var chart = new StackedBarChart
        {
            Title = "WA",
            XLabel = "cell",
            YLabel = "bytes / user byte",
            Categories = ["a"],
            Segments = [new BarSeries("wal", [new(1.0)]), new BarSeries("flush", [new(1.0)]), new BarSeries("compaction", [new(2.0)])],
            Markers = [4.0],
        };
        var d = Parse(chart.ToSvg());
        var segs = ByClass(d, "rect", "segment").ToList();
        Assert.Equal(3, segs.Count);
        var top = segs.Min(s => Attr(s, "y"));
        var marker = ByClass(d, "line", "marker").Single();
        Assert.Equal(top, Attr(marker, "y1"), 1);
        Assert.Equal(2.0, Attr(segs[2], "height") / Attr(segs[0], "height"), 1);
    }

    [Fact]
    public void Category_labels_too_wide_for_their_slot_are_slanted_and_the_chart_grows_to_fit_them()
    {
        StackedBarChart Chart(string[] categories) => new()
        {
            Title = "WA",
            XLabel = "engine",
            YLabel = "bytes / user byte",
            Categories = categories,
            Segments = [new BarSeries("wal", categories.Select(_ => new BarValue(1.0)).ToList())],
        };
        var narrow = Parse(Chart(["a", "b"]).ToSvg());
        Assert.All(ByClass(narrow, "text", "category"), t => Assert.Null(t.Attribute("transform")));
        var longNames = Enumerable.Range(0, 12).Select(i => $"titan(min_blob_size=1024) · {i} KiB").ToArray();
        var wide = Parse(Chart(longNames).ToSvg());
        var labels = ByClass(wide, "text", "category").ToList();
        Assert.Equal(12, labels.Count);
        Assert.All(labels, t => Assert.StartsWith("rotate(-40", t.Attribute("transform")!.Value, StringComparison.Ordinal));
        Assert.True(double.Parse(wide.Root!.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)
                    > double.Parse(narrow.Root!.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture),
            "the SVG grows downwards to hold the slanted labels");
    }

    [Fact]
    public void Log_line_chart_places_decades_evenly_and_draws_markers()
    {
        var chart = new LineChart
        {
            Title = "latency",
            XLabel = "percentile",
            YLabel = "µs",
            LogY = true,
            Series = [new LineSeries("memory", [(1, 10), (2, 100), (3, 1000)])],
            XTickLabels = [(1, "p90"), (2, "p99"), (3, "p99.9")],
            Markers = [new VerticalMarker(2, "stall")],
        };
        var d = Parse(chart.ToSvg());
        var circles = d.Descendants(Svg + "circle").Select(c => Attr(c, "cy")).ToList();
        Assert.Equal(3, circles.Count);
        Assert.Equal(circles[0] - circles[1], circles[1] - circles[2], 1);
        Assert.True(circles[0] > circles[2], "higher values are drawn higher (smaller y)");
        Assert.Single(ByClass(d, "g", "vmarker"));
        Assert.Contains(d.Descendants(Svg + "text"), t => t.Value == "p99.9");
    }

    [Fact]
    public void Log_axes_skip_non_positive_points()
    {
        var chart = new LineChart { Title = "t", XLabel = "x", YLabel = "y", LogY = true, Series = [new LineSeries("a", [(1, 0), (2, 5), (3, 50)])] };
        var d = Parse(chart.ToSvg());
        Assert.Equal(2, d.Descendants(Svg + "circle").Count());
    }
}
