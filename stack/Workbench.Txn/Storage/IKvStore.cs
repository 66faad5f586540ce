namespace Workbench.Txn.Storage;

/// <summary>
/// The only thing Percolator sees (TiKV's <c>kv::Engine</c>, DESIGN.md §5.2): a snapshot, and an
/// atomic write of one action's modifications. <see cref="LocalKvStore"/> is one engine; the cluster
/// provides a Raft-replicated one. Thread-safe. <see cref="Write"/> returns once the modifications
/// are applied (visible to snapshots taken afterwards); a replicated store may throw a region error
/// of its own for the caller to route and retry.
/// </summary>
public interface IKvStore
{
    /// <summary>A consistent read view for one request (<paramref name="context"/> routes it in a cluster).</summary>
    IKvSnapshot Snapshot(KvContext context);

    /// <summary>Applies <paramref name="data"/> atomically (one write batch, or one Raft proposal in a cluster).</summary>
    void Write(KvContext context, WriteData data);
}
