namespace Workbench.Raft.Log;

/// <summary>The requested log index lies before the first retained entry (it was compacted into a snapshot).</summary>
public sealed class RaftLogCompactedException(ulong index, ulong firstIndex)
    : Exception($"raft log index {index} is compacted (first retained index is {firstIndex})")
{
    public ulong Index { get; } = index;
    public ulong FirstIndex { get; } = firstIndex;
}
