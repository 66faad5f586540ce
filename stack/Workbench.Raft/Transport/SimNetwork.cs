using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>The simulated network for Raft messages between nodes (node ids are the addresses).</summary>
public sealed class SimNetwork(Random random) : SimNetwork<Message>(random, m => (m.From, m.To, (int)m.MsgType))
{
    /// <summary>Drops every Raft message of <paramref name="type"/> until <see cref="SimNetwork{T}.ClearDroppedTypes"/>.</summary>
    public void DropType(MessageType type) => DropKind((int)type);
}
