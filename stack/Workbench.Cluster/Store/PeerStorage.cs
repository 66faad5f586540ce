using Workbench.Cluster.Messages;
using Workbench.Cluster.RaftLog;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;

namespace Workbench.Cluster.Store;

/// <summary>
/// One region peer's view of the store's Raft log (TiKV's PeerStorage), as the Raft core's
/// <see cref="IRaftStorage"/>. Reads come from the store's in-memory <see cref="RegionLog"/>;
/// writes go to the <see cref="StoreRaftLog"/> buffer, which the store loop commits for all regions
/// at once (so <see cref="Sync"/> does nothing here). The configuration is the region's peers; a
/// snapshot is generated on demand from the engine at the applied index into a file the store
/// then sends in chunks (Store/FORMAT.md); the log keeps no snapshots. Not thread-safe (the store loop).
/// </summary>
internal sealed class PeerStorage(ulong regionId, StoreRaftLog log, Func<Region> region, Func<Snapshot> generateSnapshot) : IRaftStorage
{
    private RegionLog Log => log.GetOrCreate(regionId);

    public RaftInitialState InitialState()
    {
        var cs = new ConfState();
        foreach (var p in region().Peers)
        {
            if (p.Role == PeerRole.Learner) cs.Learners.Add(p.Id);
            else cs.Voters.Add(p.Id);
        }
        return new RaftInitialState(Log.HardState.Clone(), cs);
    }

    public IReadOnlyList<Entry> Entries(ulong lo, ulong hi, ulong maxSize)
    {
        var l = Log;
        if (lo <= l.TruncatedIndex) throw new RaftLogCompactedException(lo, l.FirstIndex);
        if (hi > l.LastIndex + 1) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"region {regionId}: entries beyond the last index {l.LastIndex} requested");
        return l.Slice(lo, hi, maxSize);
    }

    public bool TryTerm(ulong index, out ulong term) => Log.TryTerm(index, out term);

    public ulong FirstIndex => Log.FirstIndex;
    public ulong LastIndex => Log.LastIndex;

    public Snapshot Snapshot() => generateSnapshot();

    public void Append(IReadOnlyList<Entry> entries) => log.Append(regionId, entries);

    public void SetHardState(HardState hardState) => log.SetHardState(regionId, hardState);

    public void ApplySnapshot(Snapshot snapshot) => log.Reset(regionId, snapshot.Metadata.Index, snapshot.Metadata.Term);

    public void CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data) =>
        throw new NotSupportedException("region snapshots are generated from the engine on demand");

    public void Compact(ulong compactIndex) => log.Compact(regionId, compactIndex);

    public void Sync()
    {
    }
}
