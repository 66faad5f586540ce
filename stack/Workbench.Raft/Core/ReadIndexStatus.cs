using Workbench.Raft.Messages;

namespace Workbench.Raft.Core;

/// <summary>A pending ReadIndex request on the leader: the commit index when it arrived and who has acknowledged the heartbeat carrying it.</summary>
internal sealed class ReadIndexStatus(Message request, ulong index)
{
    public Message Request { get; } = request;
    public ulong Index { get; } = index;
    public HashSet<ulong> Acks { get; } = [];
}
