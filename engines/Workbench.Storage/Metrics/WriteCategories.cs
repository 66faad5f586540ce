namespace Workbench.Storage.Metrics;

/// <summary>Helpers over <see cref="WriteCategory"/>: the snake_case names used in JSON and reports.</summary>
public static class WriteCategories
{
    public const int Count = 11;

    private static readonly string[] Names =
        ["other", "wal", "flush", "compaction", "blob", "blob_gc", "page", "checkpoint", "manifest", "raft_log", "snapshot"];

    public static string ToName(this WriteCategory category) => Names[(int)category];

    public static bool TryParse(string name, out WriteCategory category)
    {
        var i = Array.IndexOf(Names, name);
        category = i < 0 ? WriteCategory.Other : (WriteCategory)i;
        return i >= 0;
    }

    public static IReadOnlyList<WriteCategory> All { get; } = Enumerable.Range(0, Count).Select(i => (WriteCategory)i).ToArray();
}
