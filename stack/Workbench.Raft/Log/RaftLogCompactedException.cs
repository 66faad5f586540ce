namespace Workbench.Raft.Log;

/// <summary>The requested log index lies before the first retained entry (it was compacted into a snapshot).</summary>
public sealed class RaftLogCompactedException(ulong index, ulong firstIndex)
    : Exception($"raft log index {index} is compacted (first retained index is {firstIndex})")
{
    /// <summary>The index asked for.</summary>
    public ulong Index { get; } = index;
    /// <summary>The first index still retained when the request was made.</summary>
    public ulong FirstIndex { get; } = firstIndex;
}
