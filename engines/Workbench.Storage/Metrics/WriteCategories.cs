namespace Workbench.Storage.Metrics;

/// <summary>Helpers over <see cref="WriteCategory"/>: the snake_case names used in JSON and reports.</summary>
public static class WriteCategories
{
    /// <summary>Number of <see cref="WriteCategory"/> values (the length of per-category arrays).</summary>
    public const int Count = 11;

    private static readonly string[] Names =
        ["other", "wal", "flush", "compaction", "blob", "blob_gc", "page", "checkpoint", "manifest", "raft_log", "snapshot"];

    /// <summary>The snake_case name of <paramref name="category"/> ("wal", "blob_gc", ...).</summary>
    public static string ToName(this WriteCategory category) => Names[(int)category];

    /// <summary>Parses a snake_case name; false (and Other) when unknown.</summary>
    public static bool TryParse(string name, out WriteCategory category)
    {
        var i = Array.IndexOf(Names, name);
        category = i < 0 ? WriteCategory.Other : (WriteCategory)i;
        return i >= 0;
    }

    /// <summary>Every category, in numeric order.</summary>
    public static IReadOnlyList<WriteCategory> All { get; } = Enumerable.Range(0, Count).Select(i => (WriteCategory)i).ToArray();
}
