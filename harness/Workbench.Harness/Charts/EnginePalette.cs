namespace Workbench.Harness.Charts;

/// <summary>
/// One colour per engine, fixed across the whole report: the engine's position in the run's engine
/// order picks an Okabe–Ito colour (Okabe &amp; Ito 2008, distinguishable under the common forms of
/// colour blindness). Black is last so it is used only when seven engines are not enough; beyond
/// eight, colours repeat and lines vary their marker shape. Immutable, thread-safe.
/// </summary>
internal sealed class EnginePalette(IReadOnlyList<string> engineOrder)
{
    public static IReadOnlyList<string> OkabeIto { get; } =
    [
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#009E73", // bluish green
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#CC79A7", // reddish purple
        "#F0E442", // yellow
        "#000000", // black
    ];

    private int Index(string engine)
    {
        for (var i = 0; i < engineOrder.Count; i++)
            if (engineOrder[i] == engine) return i;
        return engineOrder.Count;
    }

    public string Hex(string engine) => OkabeIto[Index(engine) % OkabeIto.Count];

    public ScottPlot.Color Color(string engine) => ScottPlot.Color.FromHex(Hex(engine));

    /// <summary>
    /// Engines that share a colour get a different marker shape. (Not dash patterns: Skia's SVG
    /// backend drops path effects, and prints a warning for each.)
    /// </summary>
    public ScottPlot.MarkerShape Marker(string engine) => (Index(engine) / OkabeIto.Count % 3) switch
    {
        0 => ScottPlot.MarkerShape.FilledCircle,
        1 => ScottPlot.MarkerShape.FilledSquare,
        _ => ScottPlot.MarkerShape.FilledTriangleUp,
    };
}
