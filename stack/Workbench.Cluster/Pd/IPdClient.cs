using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Pd;

/// <summary>
/// What a store asks of the placement driver (pdpb's store-side calls). Calls do not block the
/// store loop: heartbeats are sent and forgotten, answers (the operator steps of region heartbeat
/// responses, split ids) come back later through the callbacks, which implementations deliver on
/// the store's own loop.
/// </summary>
public interface IPdClient
{
    /// <summary>Reports the store's stats (fire and forget; PD marks a store down when these stop).</summary>
    void StoreHeartbeat(StoreHeartbeatRequest request);

    /// <summary>Reports a region (from its leader); PD may answer with one operator step through the store's heartbeat handler.</summary>
    void RegionHeartbeat(RegionHeartbeatRequest request);

    /// <summary>Ids for new regions and peers of a split; <paramref name="done"/> gets null when PD cannot be reached.</summary>
    void AskBatchSplit(AskBatchSplitRequest request, Action<AskBatchSplitResponse?> done);

    /// <summary>Tells PD that a split finished (the new regions and their epochs).</summary>
    void ReportBatchSplit(ReportBatchSplitRequest request);
}
