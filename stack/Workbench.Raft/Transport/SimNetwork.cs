using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>The simulated network for Raft messages between nodes (node ids are the addresses).</summary>
public sealed class SimNetwork(Random random) : SimNetwork<Message>(random, m => (m.From, m.To, (int)m.MsgType))
{
    public void DropType(MessageType type) => DropKind((int)type);
}
