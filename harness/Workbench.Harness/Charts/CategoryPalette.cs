namespace Workbench.Harness.Charts;

/// <summary>
/// One fixed colour per byte category ("layer.category", DESIGN.md §5.5), the same in every chart of
/// every report, so a legend is learnt once. Listed in stack order (the order bars are stacked in);
/// neighbours alternate dark and light and change hue, so two segments that touch are never alike
/// (the old hashed colours gave engine.wal_sync_pages nearly compaction's red). Layers keep a hue
/// family where the order allows it (txn purples, raft blues); the rest of the engine's causes need
/// more distinct colours than one family holds. A key not listed (e.g. pd.* files) gets one of
/// <see cref="Others"/>, chosen by a stable hash of its name. Immutable, thread-safe.
/// </summary>
internal static class CategoryPalette
{
    /// <summary>The known categories in stack order with their colours.</summary>
    public static IReadOnlyList<(string Key, string Hex)> Known { get; } =
    [
        ("txn.lock", "#4A235A"),
        ("txn.write", "#C39BD3"),
        ("txn.default", "#7D3C98"),
        ("txn.mvcc_gc", "#E8DAEF"),
        ("raft.raft_log", "#1A4A8F"),
        ("raft.snapshot", "#9DC3E6"),
        ("engine.wal", "#E69F00"),
        ("engine.wal_sync_pages", "#FFE38A"),
        ("engine.flush", "#2E7D32"),
        ("engine.compaction", "#C62828"),
        ("engine.blob", "#4DD0E1"),
        ("engine.blob_gc", "#00555A"),
        ("engine.page", "#F48FB1"),
        ("engine.checkpoint", "#5D4037"),
        ("engine.manifest", "#CDDC39"),
        ("engine.mvcc_gc", "#303F9F"),
        ("engine.snapshot", "#FF8A65"),
        ("engine.other", "#707070"),
        ("device.unattributed", "#D9D9D9"),
    ];

    /// <summary>Colours for keys not in <see cref="Known"/>; none of them is close to a known one.</summary>
    public static IReadOnlyList<string> Others { get; } = ["#8D6E63", "#26A69A", "#AB47BC", "#9E9D24", "#EC407A", "#5C6BC0"];

    public static string Hex(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (k, hex) in Known)
            if (k == key) return hex;
        var h = 0;
        foreach (var c in key) h = unchecked(h * 31 + c);
        return Others[(h & 0x7fffffff) % Others.Count];
    }

    /// <summary>The colour of an engine write category named without its layer (WA charts: raft_log and snapshot are the raft layer's, the rest the engine's).</summary>
    public static string HexOfEngineCategory(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return Hex((category is "raft_log" or "snapshot" ? "raft." : "engine.") + category);
    }
}
