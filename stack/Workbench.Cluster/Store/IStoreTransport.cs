using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Store;

/// <summary>
/// Carries Raft messages between stores (TiKV's raft client). Sends never block and may lose
/// messages (Raft retransmits); the destination is <c>message.ToPeer.StoreId</c>.
/// </summary>
public interface IStoreTransport
{
    /// <summary>Queues <paramref name="message"/> for its destination store; never blocks, may drop.</summary>
    void Send(RaftMessage message);
}
