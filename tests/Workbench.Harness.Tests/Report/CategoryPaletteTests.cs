using Workbench.Harness.Charts;
using Workbench.Harness.Report;

namespace Workbench.Harness.Tests.Report;

/// <summary>The fixed category colours (Charts/CategoryPalette): distinct where segments touch, and the same in every chart.</summary>
public sealed class CategoryPaletteTests
{
    // CIE76 ΔE in CIELAB (sRGB, D65): about 2 is "just noticeable", above 20 clearly different colours.
    private static (double L, double A, double B) Lab(string hex)
    {
        static double Lin(int c)
        {
            var v = c / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }
        var rgb = Convert.ToInt32(hex[1..], 16);
        var (r, g, b) = (Lin(rgb >> 16 & 0xFF), Lin(rgb >> 8 & 0xFF), Lin(rgb & 0xFF));
        var x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        var y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        var z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        return (116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
    }

    private static double DeltaE(string a, string b)
    {
        var (l1, a1, b1) = Lab(a);
        var (l2, a2, b2) = Lab(b);
        return Math.Sqrt((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2));
    }

    [Fact]
    public void Neighbouring_categories_are_clearly_distinct_and_no_two_known_ones_are_alike()
    {
        var known = CategoryPalette.Known;
        for (var i = 1; i < known.Count; i++)
            Assert.True(DeltaE(known[i - 1].Hex, known[i].Hex) >= 25, $"{known[i - 1].Key} and {known[i].Key} touch in a stack and are too alike (ΔE {DeltaE(known[i - 1].Hex, known[i].Hex):F1})");
        for (var i = 0; i < known.Count; i++)
            for (var j = i + 1; j < known.Count; j++)
                Assert.True(DeltaE(known[i].Hex, known[j].Hex) >= 12, $"{known[i].Key} and {known[j].Key} are too alike (ΔE {DeltaE(known[i].Hex, known[j].Hex):F1})");
        // The pair the report showed nearly alike before.
        Assert.True(DeltaE(CategoryPalette.Hex("engine.compaction"), CategoryPalette.Hex("engine.wal_sync_pages")) >= 40);
    }

    [Fact]
    public void Unknown_keys_get_a_colour_far_from_every_known_one_and_both_chart_kinds_agree()
    {
        foreach (var other in CategoryPalette.Others)
            foreach (var (key, hex) in CategoryPalette.Known)
                Assert.True(DeltaE(other, hex) >= 10, $"fallback {other} is too close to {key} (ΔE {DeltaE(other, hex):F1})");
        Assert.Contains(CategoryPalette.Hex("pd.other"), CategoryPalette.Others);
        Assert.Equal(CategoryPalette.Hex("pd.other"), CategoryPalette.Hex("pd.other"));
        // The bytes chart (layer.category) and the WA chart (bare engine categories) colour a cause alike.
        Assert.Equal(ByteSources.Color("engine.compaction"), CategoryPalette.HexOfEngineCategory("compaction"));
        Assert.Equal(ByteSources.Color("raft.raft_log"), CategoryPalette.HexOfEngineCategory("raft_log"));
        Assert.Equal(CategoryPalette.Known.Select(k => k.Key), ByteSources.KnownKeys);
    }
}
