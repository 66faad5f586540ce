using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>Size-limited slicing of entry lists (max message size, max committed bytes per Ready).</summary>
internal static class EntrySizes
{
    /// <summary>entries[from..to), at least one, stopping before the running size would exceed <paramref name="maxSize"/>.</summary>
    public static List<Entry> Limit(IReadOnlyList<Entry> entries, int from, int to, ulong maxSize)
    {
        var result = new List<Entry>(Math.Max(0, to - from));
        ulong size = 0;
        for (var i = from; i < to; i++)
        {
            size += (ulong)entries[i].CalculateSize();
            if (result.Count > 0 && size > maxSize) break;
            result.Add(entries[i]);
        }
        return result;
    }
}
