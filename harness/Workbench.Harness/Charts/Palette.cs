namespace Workbench.Harness.Charts;

/// <summary>
/// The Okabe–Ito palette (Okabe &amp; Ito 2008), distinguishable under the common forms of colour
/// blindness. Black is last so it is used only when seven series are not enough; series beyond
/// eight reuse colours (charts also vary dash patterns for lines).
/// </summary>
public static class Palette
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

    public static string Color(int index) => OkabeIto[((index % OkabeIto.Count) + OkabeIto.Count) % OkabeIto.Count];

    /// <summary>A dash pattern for line series that share a colour (none for the first round).</summary>
    public static string? Dash(int index) => (index / OkabeIto.Count % 3) switch
    {
        0 => null,
        1 => "6 3",
        _ => "2 2",
    };
}
