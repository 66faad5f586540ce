using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.RaftLog;
using Workbench.Raft.Core;
using Workbench.Raft.Messages;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.Store;

/// <summary>
/// One store (one per node): the engine named by the node's config with CFs default/lock/write/raft,
/// the store's Raft logs (<see cref="StoreRaftLog"/>), and one <see cref="RegionPeer"/> per region
/// it holds a replica of. The driver (a loop thread, or the simulation) calls <see cref="Tick"/>,
/// <see cref="Step"/>, the request methods, and <see cref="HandleReadies"/>; the last is TiKV's batch
/// system in one round: collect every region's Ready, write all their log changes in one batch
/// with one sync, send all messages, then apply all committed entries in one engine batch whose
/// region states and applied indexes travel with the data. Not thread-safe: one driver thread
/// owns the store and every callback runs on it.
/// </summary>
public sealed class RaftStore : IDisposable
{
    /// <summary>A region's log starts after this index and term (TiKV's RAFT_INIT_LOG_INDEX/TERM), so a new peer always needs a snapshot.</summary>
    public const ulong InitIndex = 5;
    /// <summary>Term of the initial log position (TiKV's RAFT_INIT_LOG_TERM).</summary>
    public const ulong InitTerm = 5;

    private readonly StoreOptions _options;
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle _raftCf;
    private readonly Dictionary<string, ColumnFamilyHandle> _dataCfs = new(StringComparer.Ordinal);
    private readonly StoreRaftLog _log;
    private readonly IFileSystem _fs;
    private readonly string _snapDir;
    private readonly IStoreTransport _transport;
    private readonly IPdClient? _pd;
    private readonly Random _random;
    private readonly Dictionary<ulong, RegionPeer> _peers = [];
    private readonly Dictionary<ulong, ulong> _destroyedPeerIds = [];
    private readonly WriteBatch _applyBatch = new();
    private readonly List<Action> _callbacks = [];
    private readonly List<(RegionPeer Peer, Ready Ready)> _readies = [];
    private readonly List<(Region Region, ulong PeerId, bool Campaign)> _createdBySplit = [];
    private readonly SnapshotSender _snapSender;
    private readonly SnapshotReceiver _snapReceiver;

    /// <summary>A store over <paramref name="engine"/> and <paramref name="log"/>, snapshots under <paramref name="snapshotDirectory"/>; recovers its peers from the engine's raft CF.</summary>
    public RaftStore(StoreOptions options, IKvEngine engine, StoreRaftLog log, IFileSystem fileSystem, string snapshotDirectory,
        IStoreTransport transport, IPdClient? pd, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(random);
        if (options.StoreId == 0) throw new ArgumentException("store id must not be 0");
        _options = options;
        _engine = engine;
        _log = log;
        _fs = fileSystem;
        _snapDir = snapshotDirectory;
        _transport = transport;
        _pd = pd;
        _random = random;
        _raftCf = engine.GetColumnFamily(ColumnFamilies.Raft);
        EngineBatches = new EngineBatchBytes(engine.ColumnFamilies);
        foreach (var cf in ColumnFamilies.Data) _dataCfs[cf] = engine.GetColumnFamily(cf);
        fileSystem.CreateDirectory(snapshotDirectory);
        foreach (var f in fileSystem.ListFiles(snapshotDirectory)) fileSystem.DeleteFile(FilePaths.Combine(snapshotDirectory, f));
        _snapSender = new SnapshotSender(fileSystem, transport, options);
        _snapReceiver = new SnapshotReceiver(fileSystem, snapshotDirectory, options);
        Flow = new StoreFlowControl(options.FlowControl, options.NowMs);
        LoadPeers();
    }

    /// <summary>This store's id (its node id).</summary>
    public ulong StoreId => _options.StoreId;
    /// <summary>The raftstore settings.</summary>
    public StoreOptions Options => _options;
    /// <summary>The engine holding the regions' data (CFs default, lock, write, raft).</summary>
    public IKvEngine Engine => _engine;

    /// <summary>Write admission (ServerIsBusy): thread-safe, consulted on the receive path before a request reaches the loop.</summary>
    public StoreFlowControl Flow { get; }

    /// <summary>Bytes this store handed its engine in batches, by CF (apply of entries and the store's own state).</summary>
    public EngineBatchBytes EngineBatches { get; }
    /// <summary>The Raft logs of this store's regions.</summary>
    public StoreRaftLog RaftLog => _log;
    /// <summary>Ticks so far.</summary>
    public ulong TickCount { get; private set; }

    /// <summary>Bytes of region snapshot files generated here (each written once, category snapshot).</summary>
    public long SnapshotBytesGenerated { get; private set; }

    /// <summary>Snapshot bytes sent in chunks, and received in chunks (written to a file here, category snapshot).</summary>
    public long SnapshotBytesSent => _snapSender.BytesSent;
    /// <summary>Snapshot bytes received in chunks so far.</summary>
    public long SnapshotBytesReceived => _snapReceiver.BytesReceived;

    /// <summary>Snapshots generated (each is sent once) and applied here.</summary>
    public long SnapshotsSent { get; private set; }
    /// <summary>Snapshots applied here so far.</summary>
    public long SnapshotsApplied { get; private set; }

    /// <summary>Transfers sending now, queued behind the concurrency limit, and receiving now.</summary>
    public (int Sending, int Queued, int Receiving) SnapshotTransfers => (_snapSender.Sending, _snapSender.Queued, _snapReceiver.Receiving);

    /// <summary>Snapshot chunks refused (the receive limit was reached, or the region was not acceptable) and transfers dropped for a bad checksum.</summary>
    public (long Refused, long Corrupt) SnapshotReceiveFailures => (_snapReceiver.Refused, _snapReceiver.Corrupt);

    /// <summary>Called for every applied entry (region id, entry); tests check replica agreement with it.</summary>
    public Action<ulong, Entry>? OnApply { get; set; }

    /// <summary>Peers on this store (initialized or not).</summary>
    public int RegionCount => _peers.Count;

    /// <summary>The regions this store holds an initialized peer of, as last applied here (copies).</summary>
    public List<Region> Regions()
    {
        var list = new List<Region>(_peers.Count);
        foreach (var p in _peers.Values)
            if (p.IsInitialized) list.Add(p.Region.Clone());
        return list;
    }

    /// <summary>Peers on this store that lead their region now.</summary>
    public int LeaderCount()
    {
        var n = 0;
        foreach (var p in _peers.Values)
            if (p.IsLeader) n++;
        return n;
    }

    /// <summary>(region, is leader, applied index, term) of every peer, for status displays and tests.</summary>
    public List<(Region Region, bool IsLeader, ulong Applied, ulong Term, ulong PeerId)> PeerStates()
    {
        var list = new List<(Region, bool, ulong, ulong, ulong)>(_peers.Count);
        foreach (var p in _peers.Values) list.Add((p.Region.Clone(), p.IsLeader, p.AppliedIndex, p.Term, p.PeerId));
        return list;
    }

    /// <summary>Whether the store has a peer of region <paramref name="regionId"/>.</summary>
    public bool HasPeer(ulong regionId) => _peers.ContainsKey(regionId);

    /// <summary>Whether this store's peer of region <paramref name="regionId"/> leads it.</summary>
    public bool IsLeaderOf(ulong regionId) => _peers.TryGetValue(regionId, out var p) && p.IsLeader;

    /// <summary>Asks this store's peer of the region (if leader) to hand leadership to <paramref name="toPeerId"/> (as PD's transfer-leader operator does).</summary>
    public void TransferLeader(ulong regionId, ulong toPeerId)
    {
        if (_peers.TryGetValue(regionId, out var p) && p.IsLeader) p.Raw.TransferLeader(toPeerId);
    }

    /// <summary>Every key-value pair of the region's range in one data CF, as this store has applied it (tests compare replicas with it).</summary>
    public List<(byte[] Key, byte[] Value)> DumpRegion(ulong regionId, string cf = ColumnFamilies.Default)
    {
        var list = new List<(byte[], byte[])>();
        if (!_peers.TryGetValue(regionId, out var p) || !p.IsInitialized) return list;
        using var it = _engine.NewIterator(DataCf(cf), RangeOptions(p.Region, null));
        for (it.SeekToFirst(); it.Valid; it.Next()) list.Add((it.Key.ToArray(), it.Value.ToArray()));
        return list;
    }

    /// <summary>Index this store's peer of region <paramref name="regionId"/> applied (0 when no peer).</summary>
    public ulong AppliedIndexOf(ulong regionId) => _peers.TryGetValue(regionId, out var p) ? p.AppliedIndex : 0;

    // ---- bootstrap and recovery ----

    /// <summary>Creates this store's peer of a brand-new region (cluster bootstrap): its state, its empty log after (5, 5), and the peer.</summary>
    public void Bootstrap(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var self = PeerOnThisStore(region);
        if (_peers.ContainsKey(region.Id)) throw new InvalidOperationException($"store {StoreId}: region {region.Id} exists already");
        using (var batch = new WriteBatch())
        {
            batch.Put(_raftCf, LocalKeys.RegionStateKey(region.Id), new RegionLocalState { Region = region }.ToByteArray());
            batch.Put(_raftCf, LocalKeys.ApplyStateKey(region.Id), new RaftApplyState { AppliedIndex = InitIndex, AppliedTerm = InitTerm }.ToByteArray());
            EngineBatches.Add(batch);
            WriteEngine(batch, WriteOptions.Synced);
        }
        _log.Reset(region.Id, InitIndex, InitTerm);
        _log.SetHardState(region.Id, new HardState { Term = InitTerm, Commit = InitIndex });
        _log.Commit(sync: true);
        AddPeer(region, self.Id, InitIndex, InitTerm);
    }

    private Peer PeerOnThisStore(Region region) =>
        RegionChecks.PeerOnStore(region, StoreId) ?? throw new ArgumentException($"store {StoreId}: {RegionChecks.Describe(region)} has no peer on this store");

    private void LoadPeers()
    {
        var (start, end) = LocalKeys.PrefixRange(LocalKeys.MetaPrefix);
        var states = new Dictionary<ulong, RegionLocalState>();
        var applies = new Dictionary<ulong, RaftApplyState>();
        using (var it = _engine.NewIterator(_raftCf, new ReadOptions { LowerBound = start, UpperBound = end }))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var id = LocalKeys.RegionIdOf(it.Key);
                if (it.Key[10] == LocalKeys.RegionStateSuffix) states[id] = RegionLocalState.Parser.ParseFrom(it.Value);
                else if (it.Key[10] == LocalKeys.ApplyStateSuffix) applies[id] = RaftApplyState.Parser.ParseFrom(it.Value);
            }
        }
        foreach (var (id, state) in states)
        {
            if (state.State == PeerState.Tombstone)
            {
                var gone = RegionChecks.PeerOnStore(state.Region, StoreId);
                if (gone is not null) _destroyedPeerIds[id] = gone.Id;
                continue;
            }
            var self = RegionChecks.PeerOnStore(state.Region, StoreId);
            if (self is null) continue;
            var apply = applies.GetValueOrDefault(id) ?? new RaftApplyState { AppliedIndex = InitIndex, AppliedTerm = InitTerm };
            var log = _log.GetOrCreate(id);
            if (apply.AppliedIndex > log.LastIndex)
            {
                // A snapshot (or a split) reached the engine but the log's reset did not: continue after it.
                _log.Reset(id, apply.AppliedIndex, apply.AppliedTerm);
                var hs = log.HardState.Clone();
                hs.Term = Math.Max(hs.Term, apply.AppliedTerm);
                hs.Commit = Math.Max(hs.Commit, apply.AppliedIndex);
                _log.SetHardState(id, hs);
            }
            else if (log.HardState.Commit < apply.AppliedIndex)
            {
                // Applied entries are committed, even when the commit index (not synced on its own, etcd's rule) was lost.
                var hs = log.HardState.Clone();
                hs.Commit = apply.AppliedIndex;
                _log.SetHardState(id, hs);
            }
            AddPeer(state.Region, self.Id, apply.AppliedIndex, apply.AppliedTerm);
        }
        // Logs of regions this store has no state for (never initialized here) are dropped.
        foreach (var id in _log.Regions.Keys.ToList())
            if (!_peers.ContainsKey(id)) _log.Remove(id);
        _log.Commit(sync: true);
    }

    // createdBySplit: one of a new region's peers, created as its store applied the split. Its Raft
    // group is new (RaftConfig.NewGroup), so it votes at once and the parent leader's split peer is
    // elected without waiting for an election timeout.
    private RegionPeer AddPeer(Region region, ulong peerId, ulong applied, ulong appliedTerm, bool createdBySplit = false)
    {
        RegionPeer? peer = null;
        var storage = new PeerStorage(region.Id, _log, () => peer?.Region ?? region, () => GenerateSnapshot(peer!));
        var config = new RaftConfig
        {
            Id = peerId,
            ElectionTick = _options.ElectionTick,
            HeartbeatTick = _options.HeartbeatTick,
            Applied = applied,
            MaxSizePerMsg = _options.MaxSizePerMsg,
            MaxInflightMsgs = _options.MaxInflightMsgs,
            CheckQuorum = true,
            PreVote = true,
            ReadOnlyOption = _options.LeaseReads ? ReadOnlyOption.LeaseBased : ReadOnlyOption.Safe,
            NewGroup = createdBySplit,
            Random = new Random(_random.Next()),
        };
        peer = new RegionPeer(region, peerId, StoreId, config, storage, applied, appliedTerm);
        _peers[region.Id] = peer;
        return peer;
    }

    // ---- the loop ----

    /// <summary>One raftstore tick: every peer's Raft ticks, and the periodic PD heartbeats and split checks.</summary>
    public void Tick()
    {
        TickCount++;
        foreach (var p in _peers.Values)
        {
            p.Raw.Tick();
            p.ExpireRequests(TickCount);
            p.RetryLostSnapshots(TickCount, _options.SnapshotRetryTicks);
            if (p.IsLeader && p.IsInitialized)
            {
                MaybeCheckSplit(p);
                if (p.HeartbeatDue || TickCount - p.LastHeartbeatTick >= (ulong)_options.RegionHeartbeatTicks) SendRegionHeartbeat(p);
            }
        }
        if (_options.FlowControl.Enable) Flow.Sample(EnginePressure.Sample(_engine));
        if (_pd is not null && TickCount % (ulong)_options.StoreHeartbeatTicks == 0) _pd.StoreHeartbeat(new StoreHeartbeatRequest { Stats = Stats() });
        _snapSender.Refill();
        _snapSender.Pump(OnSnapshotSent);
        // Files idle this long belong to transfers Raft has given up on (it retries after SnapshotRetryTicks).
        _snapSender.Gc(TickCount, 4 * _options.SnapshotRetryTicks);
        _snapReceiver.Gc(TickCount, 4 * _options.SnapshotRetryTicks);
    }

    /// <summary>Handles a Raft message from another store (creating the target peer if this store does not have it yet).</summary>
    public void Step(RaftMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.IsTombstone && m.ToPeer?.StoreId == StoreId && m.RegionEpoch is not null)
        {
            HandleTombstone(m);
            return;
        }
        if (m.ToPeer is null || m.FromPeer is null || m.Message is null) return;
        if (m.ToPeer.StoreId != StoreId) return;
        if (m.SnapshotChunk is not null)
        {
            if (ReceiveSnapshotChunk(m) is { } complete) Step(complete);
            return;
        }
        if (!_peers.TryGetValue(m.RegionId, out var peer))
        {
            if (_destroyedPeerIds.TryGetValue(m.RegionId, out var gone) && m.ToPeer.Id <= gone) return;
            if (!IsInitialMessage(m.Message.MsgType)) return;
            peer = AddPeer(new Region { Id = m.RegionId, RegionEpoch = new RegionEpoch() }, m.ToPeer.Id, 0, 0);
        }
        else if (peer.PeerId != m.ToPeer.Id)
        {
            if (m.ToPeer.Id < peer.PeerId) return; // a message to an older incarnation of our peer
            // Our peer is stale (removed and re-added with a new id): replace it.
            Destroy(peer, keepData: false);
            if (!IsInitialMessage(m.Message.MsgType)) return;
            peer = AddPeer(new Region { Id = m.RegionId, RegionEpoch = new RegionEpoch() }, m.ToPeer.Id, 0, 0);
        }
        if (peer.IsInitialized && m.RegionEpoch is { ConfVer: > 0 } epoch && RegionChecks.PeerById(peer.Region, m.FromPeer.Id) is null && RegionChecks.IsStale(epoch, peer.Region.RegionEpoch))
        {
            // A peer removed from the region at a conf_ver we have applied, still talking (it missed its own removal,
            // e.g. it lagged behind when it was removed): tell it to go, or its stale range blocks snapshots on its store.
            _transport.Send(new RaftMessage { RegionId = m.RegionId, FromPeer = peer.Self, ToPeer = m.FromPeer, RegionEpoch = peer.Region.RegionEpoch.Clone(), IsTombstone = true });
            return;
        }
        if (m.Message.MsgType == MessageType.MsgSnapshot && !AcceptSnapshot(peer, m.Message.Snapshot)) return;
        peer.RememberPeer(m.FromPeer);
        peer.Raw.Step(m.Message);
    }

    /// <summary>Destroys this store's peer named by a gc message, if the sender's region is newer than the peer's (so the removal is real).</summary>
    private void HandleTombstone(RaftMessage m)
    {
        if (!_peers.TryGetValue(m.RegionId, out var p) || p.PeerId != m.ToPeer.Id || p.IsLeader) return;
        if (p.IsInitialized && !RegionChecks.IsStale(p.Region.RegionEpoch, m.RegionEpoch)) return;
        if (p.IsInitialized && RegionChecks.PeerById(p.Region, m.FromPeer?.Id ?? 0) is null) return; // not from a member of the region it knew
        StalePeersDestroyed++;
        Destroy(p, keepData: false);
    }

    /// <summary>Peers destroyed because another store said they were removed (TiKV's gc of stale peers).</summary>
    public long StalePeersDestroyed { get; private set; }

    private static bool IsInitialMessage(MessageType t) =>
        t is MessageType.MsgRequestVote or MessageType.MsgRequestPreVote or MessageType.MsgAppend or MessageType.MsgHeartbeat or MessageType.MsgSnapshot;

    /// <summary>A snapshot is taken only when all its data arrived and its region overlaps no other region this store holds (TiKV's check_snapshot).</summary>
    private bool AcceptSnapshot(RegionPeer peer, Snapshot snap)
    {
        var meta = ParseSnapshotMeta(snap);
        if (meta is null || !_snapReceiver.HasComplete(meta.TransferId)) return false;
        if (peer.IsInitialized && RegionChecks.IsStale(meta.Region.RegionEpoch, peer.Region.RegionEpoch)) return false;
        return !OverlapsOther(meta.Region);
    }

    private bool OverlapsOther(Region region)
    {
        foreach (var other in _peers.Values)
            if (other.RegionId != region.Id && other.IsInitialized && RegionChecks.Overlaps(other.Region, region)) return true;
        return false;
    }

    private static SnapshotMeta? ParseSnapshotMeta(Snapshot? snap)
    {
        if (snap is null) return null;
        try
        {
            var meta = SnapshotMeta.Parser.ParseFrom(snap.Data);
            return meta.Region is null ? null : meta;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>One chunk of a snapshot for a peer here; returns the MsgSnapshot to step once the whole file arrived.</summary>
    private RaftMessage? ReceiveSnapshotChunk(RaftMessage m)
    {
        if (m.Message.MsgType != MessageType.MsgSnapshot || ParseSnapshotMeta(m.Message.Snapshot) is not { } meta) return null;
        bool Acceptable()
        {
            // Refused before any byte is written: a snapshot for a destroyed peer, an older incarnation, an older epoch, or overlapping another region.
            if (_destroyedPeerIds.TryGetValue(m.RegionId, out var gone) && m.ToPeer.Id <= gone) return false;
            if (_peers.TryGetValue(m.RegionId, out var p))
            {
                if (m.ToPeer.Id < p.PeerId) return false;
                if (m.ToPeer.Id == p.PeerId && p.IsInitialized && RegionChecks.IsStale(meta.Region.RegionEpoch, p.Region.RegionEpoch)) return false;
            }
            return !OverlapsOther(meta.Region);
        }
        return _snapReceiver.OnChunk(m, meta, TickCount, Acceptable, out var complete) ? complete : null;
    }

    /// <summary>The last chunk of a snapshot went out: from now on an unacknowledged snapshot times out (and Raft sends a new one).</summary>
    private void OnSnapshotSent(RaftMessage envelope)
    {
        if (_peers.TryGetValue(envelope.RegionId, out var p) && p.PeerId == envelope.FromPeer.Id) p.SnapshotSent(envelope.ToPeer.Id, TickCount);
    }

    /// <summary>One round of the batch system (see the class comment). Returns whether any region had work.</summary>
    public bool HandleReadies()
    {
        _readies.Clear();
        var sync = false;
        foreach (var p in _peers.Values)
        {
            if (!p.Raw.HasReady) continue;
            var rd = p.Raw.Ready();
            if (rd.SoftState is { } soft && soft.Role != StateRole.Leader) p.FailPendingReads();
            if (rd.SoftState is { Role: StateRole.Leader }) p.HeartbeatDue = true; // a new leader reports at once (PD learns where to route)
            if (rd.Snapshot is not null)
            {
                // Engine first (synced), then the log's reset: a crash between the two restarts from the engine's applied index.
                ApplySnapshotData(p, rd.Snapshot);
                p.Storage.ApplySnapshot(rd.Snapshot);
            }
            if (rd.Entries.Count > 0) p.Storage.Append(rd.Entries);
            if (rd.HardState is not null) p.Storage.SetHardState(rd.HardState);
            sync |= rd.MustSync;
            _readies.Add((p, rd));
        }
        if (_readies.Count == 0) return false;
        // Reads this ready confirmed (lease or ReadIndex) whose index is applied are served before the
        // Raft log's fsync below: they see only state applied in earlier rounds, never what this round
        // persists, so a read does not wait on other requests' log writes (TiKV serves lease reads
        // beside the raftstore's write path). Reads past the applied index are served after the apply.
        foreach (var (p, rd) in _readies)
            if (rd.ReadStates.Count > 0)
            {
                p.OnReadStates(rd.ReadStates);
                p.ServeReads();
            }
        _log.Commit(sync);
        foreach (var (p, rd) in _readies)
            foreach (var m in rd.Messages) Send(p, m);
        foreach (var (p, rd) in _readies)
        {
            if (rd.CommittedEntries.Count > 0) ApplyCommitted(p, rd.CommittedEntries);
        }
        FlushApply();
        foreach (var (p, rd) in _readies)
        {
            p.Raw.Advance(rd);
            p.ServeReads();
            MaybeCompactLog(p);
        }
        _snapSender.Pump(OnSnapshotSent);
        FinishRound();
        return true;
    }

    private void FinishRound()
    {
        foreach (var (p, _) in _readies)
            if (p.PendingRemove) Destroy(p, keepData: false);
        foreach (var (region, peerId, campaign) in _createdBySplit)
        {
            var np = AddPeer(region, peerId, InitIndex, InitTerm, createdBySplit: true);
            if (campaign) np.Raw.Campaign();
        }
        _createdBySplit.Clear();
    }

    private void Send(RegionPeer p, Message m)
    {
        var to = p.FindPeer(m.To);
        if (to is null) return; // a peer we know nothing of (its store is unknown): Raft will retry
        var envelope = new RaftMessage
        {
            RegionId = p.RegionId,
            FromPeer = p.Self,
            ToPeer = to,
            Message = m,
            RegionEpoch = p.Region.RegionEpoch,
            StartKey = p.Region.StartKey,
            EndKey = p.Region.EndKey,
        };
        if (m.MsgType == MessageType.MsgSnapshot)
        {
            // The data goes in chunks, under the send limits; the message itself rides on every chunk.
            if (ParseSnapshotMeta(m.Snapshot) is not { } meta || !_snapSender.Start(envelope, meta)) p.Raw.ReportSnapshot(m.To, failed: true);
            return;
        }
        _transport.Send(envelope);
    }

    private void FlushApply()
    {
        if (_applyBatch.Count > 0)
        {
            EngineBatches.Add(_applyBatch);
            // A batch carrying a split is synced (TiKV's sync_log hint for admin commands that change region
            // metadata): the new region's peer starts acknowledging entries, which its synced Raft log keeps,
            // as soon as it exists. Were its region state lost in a crash, the restart would drop that log and
            // the replayed split would recreate the peer at the initial index: a follower that forgot entries
            // it acknowledged (found by the Jepsen sweep: docs/jepsen.md).
            WriteEngine(_applyBatch, _createdBySplit.Count > 0 ? WriteOptions.Synced : WriteOptions.Default);
            _applyBatch.Clear();
        }
        if (_callbacks.Count == 0) return;
        // Callbacks may start new requests; run a copy.
        var cbs = _callbacks.ToArray();
        _callbacks.Clear();
        foreach (var cb in cbs) cb();
    }

    /// <summary>Every engine write of the store goes here, so flow control sees a write that runs too long (an engine stall).</summary>
    private void WriteEngine(WriteBatch batch, WriteOptions options)
    {
        Flow.EngineWriteBegin();
        try
        {
            _engine.Write(batch, options);
        }
        finally
        {
            Flow.EngineWriteEnd();
        }
    }

    // ---- apply ----

    private void ApplyCommitted(RegionPeer p, IReadOnlyList<Entry> entries)
    {
        foreach (var e in entries)
        {
            if (e.Index <= p.AppliedIndex) continue;
            RegionError? result = null;
            if (e.EntryType == EntryType.EntryConfChange) result = ApplyConfChange(p, e);
            else if (!e.Data.IsEmpty) result = ApplyCommand(p, RaftCmdRequest.Parser.ParseFrom(e.Data));
            p.AppliedIndex = e.Index;
            p.AppliedTerm = e.Term;
            OnApply?.Invoke(p.RegionId, e);
            p.CompleteProposals(e.Index, e.Term, result, _callbacks);
        }
        _applyBatch.Put(_raftCf, LocalKeys.ApplyStateKey(p.RegionId), new RaftApplyState { AppliedIndex = p.AppliedIndex, AppliedTerm = p.AppliedTerm }.ToByteArray());
    }

    private RegionError? ApplyCommand(RegionPeer p, RaftCmdRequest cmd)
    {
        if (cmd.AdminRequest?.Split is { } split) return ApplySplit(p, cmd, split);
        var region = p.Region;
        if (!RegionChecks.VersionMatches(cmd.Header?.RegionEpoch, region.RegionEpoch))
            return p.EpochNotMatchError($"command of version {cmd.Header?.RegionEpoch?.Version}, region is at {region.RegionEpoch.Version}");
        foreach (var r in cmd.Requests)
        {
            if (!RegionChecks.ContainsKey(region, r.Key.Span)) return KeyNotInRegion(region, r.Key);
            if (!_dataCfs.ContainsKey(CfName(r.Cf))) return new RegionError { Message = $"unknown column family '{r.Cf}'" };
        }
        foreach (var r in cmd.Requests)
        {
            var cf = _dataCfs[CfName(r.Cf)];
            if (r.CmdType == CmdType.Put) _applyBatch.Put(cf, r.Key.Span, r.Value.Span);
            else _applyBatch.Delete(cf, r.Key.Span);
            p.WrittenSinceSplitCheck += r.Key.Length + r.Value.Length;
        }
        return null;
    }

    internal static string CfName(string cf) => string.IsNullOrEmpty(cf) ? ColumnFamilies.Default : cf;

    private RegionError? ApplyConfChange(RegionPeer p, Entry e)
    {
        var cc = ConfChange.Parser.ParseFrom(e.Data);
        RaftCmdRequest? cmd = null;
        try
        {
            if (!cc.Context.IsEmpty) cmd = RaftCmdRequest.Parser.ParseFrom(cc.Context);
        }
        catch (InvalidProtocolBufferException)
        {
        }
        var change = cmd?.AdminRequest?.ChangePeer;
        var region = p.Region;
        if (change?.Peer is null || !RegionChecks.EpochMatches(cmd!.Header?.RegionEpoch, region.RegionEpoch, checkVersion: false, checkConfVer: true))
        {
            p.Raw.ApplyConfChange(new ConfChange()); // a no-op keeps the core's configuration as it is
            return p.EpochNotMatchError("membership change proposed at another conf_ver");
        }
        var updated = region.Clone();
        var existing = RegionChecks.PeerById(updated, change.Peer.Id);
        switch (cc.ChangeType)
        {
            case ConfChangeType.AddNode:
                if (existing is not null) existing.Role = PeerRole.Voter;
                else updated.Peers.Add(new Peer { Id = change.Peer.Id, StoreId = change.Peer.StoreId, Role = PeerRole.Voter });
                break;
            case ConfChangeType.AddLearnerNode:
                if (existing is null) updated.Peers.Add(new Peer { Id = change.Peer.Id, StoreId = change.Peer.StoreId, Role = PeerRole.Learner });
                break;
            case ConfChangeType.RemoveNode:
                if (existing is not null) updated.Peers.Remove(existing);
                break;
        }
        updated.RegionEpoch.ConfVer++;
        p.Region = updated;
        p.RememberPeer(change.Peer);
        p.RefreshPeerCache();
        p.Raw.ApplyConfChange(cc);
        _applyBatch.Put(_raftCf, LocalKeys.RegionStateKey(p.RegionId), new RegionLocalState { Region = updated }.ToByteArray());
        if (cc.ChangeType == ConfChangeType.RemoveNode && change.Peer.Id == p.PeerId) p.PendingRemove = true;
        p.HeartbeatDue = true; // PD's operator moves to its next step on the next report, as TiKV reports after a conf change
        return null;
    }

    private RegionError? ApplySplit(RegionPeer p, RaftCmdRequest cmd, SplitRequest split)
    {
        var region = p.Region;
        if (!RegionChecks.EpochMatches(cmd.Header?.RegionEpoch, region.RegionEpoch, checkVersion: true, checkConfVer: true))
            return p.EpochNotMatchError("split proposed at another epoch");
        var key = split.SplitKey;
        if (key.IsEmpty || key.Span.SequenceCompareTo(region.StartKey.Span) <= 0 || !RegionChecks.ContainsKey(region, key.Span))
            return KeyNotInRegion(region, key);
        if (split.NewPeerIds.Count != region.Peers.Count)
            return new RegionError { Message = $"split of region {region.Id}: {split.NewPeerIds.Count} new peer ids for {region.Peers.Count} peers" };
        var right = new Region
        {
            Id = split.NewRegionId,
            StartKey = key,
            EndKey = region.EndKey,
            RegionEpoch = new RegionEpoch { ConfVer = region.RegionEpoch.ConfVer, Version = region.RegionEpoch.Version + 1 },
        };
        for (var i = 0; i < region.Peers.Count; i++)
            right.Peers.Add(new Peer { Id = split.NewPeerIds[i], StoreId = region.Peers[i].StoreId, Role = region.Peers[i].Role });
        var left = region.Clone();
        left.EndKey = key;
        left.RegionEpoch.Version++;
        p.Region = left;
        p.ApproximateSize /= 2;
        p.ApproximateKeys /= 2;
        p.SplitInFlight = false;
        _applyBatch.Put(_raftCf, LocalKeys.RegionStateKey(left.Id), new RegionLocalState { Region = left }.ToByteArray());
        var self = RegionChecks.PeerOnStore(right, StoreId)!;
        if (_peers.TryGetValue(right.Id, out var existing))
        {
            // A peer of the new region got here first: keep it if initialized (its snapshot is newer than the split), else replace it.
            if (existing.IsInitialized) return null;
            Destroy(existing, keepData: true);
        }
        _applyBatch.Put(_raftCf, LocalKeys.RegionStateKey(right.Id), new RegionLocalState { Region = right }.ToByteArray());
        _applyBatch.Put(_raftCf, LocalKeys.ApplyStateKey(right.Id), new RaftApplyState { AppliedIndex = InitIndex, AppliedTerm = InitTerm }.ToByteArray());
        _log.Reset(right.Id, InitIndex, InitTerm);
        _log.SetHardState(right.Id, new HardState { Term = InitTerm, Commit = InitIndex });
        _createdBySplit.Add((right, self.Id, p.IsLeader));
        _pd?.ReportBatchSplit(new ReportBatchSplitRequest { Regions = { left.Clone(), right.Clone() } });
        return null;
    }

    private static RegionError KeyNotInRegion(Region region, ByteString key) => new()
    {
        Message = $"key {RegionChecks.Hex(key.Span)} is not in {RegionChecks.Describe(region)}",
        KeyNotInRegion = new KeyNotInRegion { Key = key, RegionId = region.Id, StartKey = region.StartKey, EndKey = region.EndKey },
    };

    // ---- snapshots ----

    private Snapshot GenerateSnapshot(RegionPeer p)
    {
        var data = new RegionSnapshotData { Region = p.Region.Clone() };
        using (var snap = _engine.GetSnapshot())
            foreach (var (name, cf) in _dataCfs)
            {
                var scf = new SnapshotCf { Cf = name };
                using var it = _engine.NewIterator(cf, RangeOptions(p.Region, snap));
                for (it.SeekToFirst(); it.Valid; it.Next()) scf.Pairs.Add(new KvPair { Key = ByteString.CopyFrom(it.Key), Value = ByteString.CopyFrom(it.Value) });
                data.Cfs.Add(scf);
            }
        var bytes = data.ToByteArray();
        // The file is what the chunks are read from (TiKV's SST files in snap-dir); it is deleted once sent.
        var transferId = (ulong)_random.NextInt64(1, long.MaxValue);
        var path = FilePaths.Combine(_snapDir, $"gen_{p.RegionId}_{transferId:x16}.snap");
        using (var f = _fs.CreateFile(path, WriteCategory.Snapshot))
        {
            f.Append(bytes);
            f.Sync();
        }
        _snapSender.Generated(transferId, path, TickCount);
        SnapshotBytesGenerated += bytes.Length;
        SnapshotsSent++;
        var meta = new SnapshotMeta { Region = p.Region.Clone(), TransferId = transferId, Size = (ulong)bytes.Length, Crc32C = Crc32C.Compute(bytes) };
        var cs = new ConfState();
        foreach (var peer in p.Region.Peers)
        {
            if (peer.Role == PeerRole.Learner) cs.Learners.Add(peer.Id);
            else cs.Voters.Add(peer.Id);
        }
        return new Snapshot { Data = meta.ToByteString(), Metadata = new SnapshotMetadata { Index = p.AppliedIndex, Term = p.AppliedTerm, ConfState = cs } };
    }

    /// <summary>Applies a received snapshot: its file's data and the region state in one synced engine batch (atomic), replacing what the range held.</summary>
    private void ApplySnapshotData(RegionPeer p, Snapshot snapshot)
    {
        var meta = ParseSnapshotMeta(snapshot) ?? throw new InvalidOperationException($"store {StoreId}: region {p.RegionId}: snapshot without metadata reached apply");
        var bytes = _snapReceiver.Take(meta.TransferId)
            ?? throw new InvalidOperationException($"store {StoreId}: region {p.RegionId}: the file of snapshot {meta.TransferId:x16} is gone before its apply");
        var data = RegionSnapshotData.Parser.ParseFrom(bytes);
        using var batch = new WriteBatch();
        if (p.IsInitialized) DeleteRange(batch, p.Region);
        DeleteRange(batch, data.Region);
        foreach (var scf in data.Cfs)
        {
            var cf = _dataCfs[scf.Cf];
            foreach (var kv in scf.Pairs) batch.Put(cf, kv.Key.Span, kv.Value.Span);
        }
        batch.Put(_raftCf, LocalKeys.RegionStateKey(p.RegionId), new RegionLocalState { Region = data.Region }.ToByteArray());
        batch.Put(_raftCf, LocalKeys.ApplyStateKey(p.RegionId), new RaftApplyState { AppliedIndex = snapshot.Metadata.Index, AppliedTerm = snapshot.Metadata.Term }.ToByteArray());
        EngineBatches.Add(batch);
        WriteEngine(batch, WriteOptions.Synced);
        p.Region = data.Region;
        p.RefreshPeerCache();
        p.AppliedIndex = snapshot.Metadata.Index;
        p.AppliedTerm = snapshot.Metadata.Term;
        p.WrittenSinceSplitCheck += bytes.Length;
        SnapshotsApplied++;
    }

    private static ReadOptions RangeOptions(Region region, IEngineSnapshot? snap) => new()
    {
        Snapshot = snap,
        LowerBound = region.StartKey.ToByteArray(),
        UpperBound = region.EndKey.IsEmpty ? null : region.EndKey.ToByteArray(),
        FillCache = false,
    };

    private void DeleteRange(WriteBatch batch, Region region)
    {
        foreach (var cf in _dataCfs.Values)
        {
            using var it = _engine.NewIterator(cf, RangeOptions(region, null));
            for (it.SeekToFirst(); it.Valid; it.Next()) batch.Delete(cf, it.Key);
        }
    }

    // ---- log compaction ----

    private void MaybeCompactLog(RegionPeer p)
    {
        if (!_log.TryGet(p.RegionId, out var log)) return;
        var applied = p.AppliedIndex;
        if (applied < log.TruncatedIndex + (ulong)_options.LogGcCountLimit) return;
        var target = applied > (ulong)_options.LogGcKeep ? applied - (ulong)_options.LogGcKeep : 0;
        if (p.IsLeader && applied - log.TruncatedIndex < 4 * (ulong)_options.LogGcCountLimit)
        {
            // Keep what active followers still need, unless the log grew too long (they get a snapshot then).
            foreach (var (id, pr) in p.Raw.Raft.Progress)
                if (id != p.PeerId && pr.RecentActive && pr.Match < target) target = pr.Match;
        }
        if (target <= log.TruncatedIndex) return;
        // The engine must hold the applied state durably before the log forgets the entries behind it.
        _applyBatch.Put(_raftCf, LocalKeys.ApplyStateKey(p.RegionId), new RaftApplyState { AppliedIndex = p.AppliedIndex, AppliedTerm = p.AppliedTerm }.ToByteArray());
        EngineBatches.Add(_applyBatch);
        WriteEngine(_applyBatch, WriteOptions.Synced);
        _applyBatch.Clear();
        _log.Compact(p.RegionId, target);
    }

    // ---- destroying a peer ----

    private void Destroy(RegionPeer p, bool keepData)
    {
        p.FailAll(new RegionError { Message = $"region {p.RegionId} is gone from store {StoreId}", RegionNotFound = new RegionNotFound { RegionId = p.RegionId } });
        FlushApply();
        if (p.IsInitialized)
        {
            using var batch = new WriteBatch();
            if (!keepData) DeleteRange(batch, p.Region);
            batch.Put(_raftCf, LocalKeys.RegionStateKey(p.RegionId), new RegionLocalState { State = PeerState.Tombstone, Region = p.Region }.ToByteArray());
            batch.Delete(_raftCf, LocalKeys.ApplyStateKey(p.RegionId));
            EngineBatches.Add(batch);
            WriteEngine(batch, WriteOptions.Synced);
        }
        _log.Remove(p.RegionId);
        _log.Commit(sync: false);
        _destroyedPeerIds[p.RegionId] = Math.Max(_destroyedPeerIds.GetValueOrDefault(p.RegionId), p.PeerId);
        _peers.Remove(p.RegionId);
    }

    // ---- requests (from the services, on the loop) ----

    /// <summary>Checks a request's context against this store (TiKV's region checks, in TiKV's order).</summary>
    internal RegionError? Check(Context? ctx, out RegionPeer peer)
    {
        peer = null!;
        if (ctx is null) return new RegionError { Message = "request has no context" };
        if (!_peers.TryGetValue(ctx.RegionId, out var p) || !p.IsInitialized)
            return new RegionError { Message = $"region {ctx.RegionId} is not on store {StoreId}", RegionNotFound = new RegionNotFound { RegionId = ctx.RegionId } };
        if (ctx.Peer is not null && ctx.Peer.StoreId != 0 && ctx.Peer.StoreId != StoreId)
            return new RegionError { Message = $"request for store {ctx.Peer.StoreId} reached store {StoreId}", StoreNotMatch = new StoreNotMatch { RequestStoreId = ctx.Peer.StoreId, ActualStoreId = StoreId } };
        if (!p.IsLeader) return p.NotLeaderError();
        if (!RegionChecks.VersionMatches(ctx.RegionEpoch, p.Region.RegionEpoch))
            return p.EpochNotMatchError($"request at version {ctx.RegionEpoch?.Version}, region at {p.Region.RegionEpoch.Version}");
        peer = p;
        return null;
    }

    internal static RegionError? CheckKey(RegionPeer p, ByteString key) => RegionChecks.ContainsKey(p.Region, key.Span) ? null : KeyNotInRegion(p.Region, key);

    /// <summary>Proposes writes to the region of <paramref name="ctx"/>; <paramref name="done"/> runs on the loop once applied (null) or failed.</summary>
    public void Write(Context ctx, IReadOnlyList<Request> requests, Action<RegionError?> done)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(done);
        var err = Check(ctx, out var p);
        if (err is null)
            foreach (var r in requests)
                if ((err = CheckKey(p, r.Key)) is not null) break;
        if (err is null && p.PendingProposals >= _options.MaxPendingProposals)
            err = new RegionError { Message = $"region {p.RegionId}: {p.PendingProposals} proposals pending", ServerIsBusy = new ServerIsBusy { Reason = "too many pending proposals", BackoffMs = 20 } };
        if (err is null)
        {
            var cmd = new RaftCmdRequest { Header = new RaftRequestHeader { RegionId = p.RegionId, PeerId = p.PeerId, RegionEpoch = ctx.RegionEpoch.Clone() } };
            cmd.Requests.AddRange(requests);
            err = p.Propose(cmd, TickCount + (ulong)_options.RequestTimeoutTicks, done);
        }
        if (err is not null) done(err);
    }

    /// <summary>
    /// A linearizable read of <paramref name="keys"/> (the range start for scans) in the region of
    /// <paramref name="ctx"/>: <paramref name="ready"/> runs on the loop once the leader may serve it,
    /// and must read the engine right then (it sees exactly the applied state). The region is checked
    /// again at that moment, since a split may have happened meanwhile.
    /// </summary>
    public void Read(Context ctx, IReadOnlyList<ByteString> keys, Action<RegionError?> ready)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(ready);
        var err = Check(ctx, out var p);
        if (err is null)
            foreach (var k in keys)
                if ((err = CheckKey(p, k)) is not null) break;
        if (err is not null)
        {
            ready(err);
            return;
        }
        var epoch = ctx.RegionEpoch.Clone();
        p.Read(TickCount + (ulong)_options.RequestTimeoutTicks, e =>
        {
            if (e is null && !RegionChecks.VersionMatches(epoch, p.Region.RegionEpoch)) e = p.EpochNotMatchError("region changed during the read");
            if (e is null)
                foreach (var k in keys)
                    if ((e = CheckKey(p, k)) is not null) break;
            ready(e);
        });
    }

    /// <summary>The region this store's peer of <paramref name="regionId"/> has applied (null when it has none).</summary>
    public Region? RegionOf(ulong regionId) => _peers.TryGetValue(regionId, out var p) && p.IsInitialized ? p.Region : null;

    internal ColumnFamilyHandle DataCf(string name) => _dataCfs.TryGetValue(CfName(name), out var cf) ? cf : throw new ArgumentException($"unknown column family '{name}'");

    internal bool IsDataCf(string name) => _dataCfs.ContainsKey(CfName(name));

    // ---- PD ----

    /// <summary>The store's stats for its PD heartbeat (capacity, used bytes, regions, leaders).</summary>
    public StoreStats Stats()
    {
        long used = 0;
        foreach (var p in _peers.Values) used += p.ApproximateSize;
        return new StoreStats
        {
            StoreId = StoreId,
            RegionCount = (uint)_peers.Count,
            LeaderCount = (uint)LeaderCount(),
            UsedSize = (ulong)used,
            SendingSnapCount = (uint)(_snapSender.Sending + _snapSender.Queued),
            ReceivingSnapCount = (uint)_snapReceiver.Receiving,
        };
    }

    private void SendRegionHeartbeat(RegionPeer p)
    {
        p.LastHeartbeatTick = TickCount;
        p.HeartbeatDue = false;
        if (_pd is null) return;
        if (p.WrittenSinceSplitCheck > 0 || p.ApproximateSize == 0) MeasureRegion(p);
        var hb = new RegionHeartbeatRequest
        {
            Region = p.Region.Clone(),
            Leader = p.Self.Clone(),
            ApproximateSize = (ulong)p.ApproximateSize,
            ApproximateKeys = (ulong)p.ApproximateKeys,
            Term = p.Term,
        };
        var committed = p.Raw.Raft.RaftLog.Committed;
        foreach (var (id, pr) in p.Raw.Raft.Progress)
            // Pending: not caught up yet (a new peer with nothing matched, a snapshot in flight, or far behind).
            if (id != p.PeerId && (pr.Match == 0 || pr.State == ProgressState.Snapshot || pr.Match + 100 < committed) && p.FindPeer(id) is { } lag) hb.PendingPeers.Add(lag);
        _pd.RegionHeartbeat(hb);
    }

    /// <summary>Sends a heartbeat for every region this store leads now (after start, or when PD asks).</summary>
    public void HeartbeatAllLeaders()
    {
        foreach (var p in _peers.Values)
            if (p.IsLeader && p.IsInitialized) SendRegionHeartbeat(p);
    }

    /// <summary>Carries out one operator step PD sent for a region this store leads.</summary>
    public void OnRegionHeartbeatResponse(RegionHeartbeatResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!_peers.TryGetValue(r.RegionId, out var p) || !p.IsLeader) return;
        if (r.RegionEpoch is not null && RegionChecks.IsStale(r.RegionEpoch, p.Region.RegionEpoch)) return;
        if (r.TransferLeader?.Peer is { } target)
        {
            if (target.Id != p.PeerId) p.Raw.TransferLeader(target.Id);
            return;
        }
        if (r.ChangePeer?.Peer is { } peer)
        {
            if (r.ChangePeer.ChangeType == ConfChangeType.RemoveNode && peer.Id == p.PeerId) return; // the leader must be moved away first
            var cmd = new RaftCmdRequest
            {
                Header = new RaftRequestHeader { RegionId = p.RegionId, PeerId = p.PeerId, RegionEpoch = p.Region.RegionEpoch.Clone() },
                AdminRequest = new AdminRequest { ChangePeer = new ChangePeerRequest { ChangeType = r.ChangePeer.ChangeType, Peer = peer.Clone() } },
            };
            var cc = new ConfChange { ChangeType = r.ChangePeer.ChangeType, NodeId = peer.Id, Context = cmd.ToByteString() };
            p.RememberPeer(peer);
            p.ProposeConfChange(cc, TickCount + (ulong)_options.RequestTimeoutTicks, _ => { });
        }
    }

    // ---- split ----

    private void MaybeCheckSplit(RegionPeer p)
    {
        if (p.SplitInFlight || _pd is null) return;
        if (p.WrittenSinceSplitCheck < _options.SplitSizeBytes / 16) return;
        if (TickCount - p.LastSplitCheckTick < (ulong)_options.SplitCheckTicks) return;
        p.LastSplitCheckTick = TickCount;
        var splitKey = MeasureRegion(p);
        if (splitKey is null) return;
        p.SplitInFlight = true;
        var region = p.Region.Clone();
        _pd.AskBatchSplit(new AskBatchSplitRequest { Region = region, SplitCount = 1 }, resp =>
        {
            if (!_peers.TryGetValue(region.Id, out var cur) || !ReferenceEquals(cur, p)) return;
            if (resp is null || resp.Ids.Count == 0 || !p.IsLeader || RegionChecks.IsStale(region.RegionEpoch, p.Region.RegionEpoch)
                || region.RegionEpoch.Version != p.Region.RegionEpoch.Version || region.RegionEpoch.ConfVer != p.Region.RegionEpoch.ConfVer)
            {
                p.SplitInFlight = false;
                return;
            }
            var id = resp.Ids[0];
            var cmd = new RaftCmdRequest
            {
                Header = new RaftRequestHeader { RegionId = region.Id, PeerId = p.PeerId, RegionEpoch = region.RegionEpoch.Clone() },
                AdminRequest = new AdminRequest { Split = new SplitRequest { SplitKey = ByteString.CopyFrom(splitKey), NewRegionId = id.NewRegionId, NewPeerIds = { id.NewPeerIds } } },
            };
            var err = p.Propose(cmd, TickCount + (ulong)_options.RequestTimeoutTicks, e => { if (e is not null) p.SplitInFlight = false; });
            if (err is not null) p.SplitInFlight = false;
        });
    }

    /// <summary>Scans the region for its size and key count (TiKV's split checker); returns a split key when past a threshold.</summary>
    private byte[]? MeasureRegion(RegionPeer p)
    {
        p.WrittenSinceSplitCheck = 0;
        long size = 0, keys = 0;
        var sizes = new List<(byte[] Key, long Size)>();
        using (var snap = _engine.GetSnapshot())
        {
            // default holds raw values and long txn values; write holds commit records: sizes of both count.
            foreach (var cf in _dataCfs.Values)
            {
                using var it = _engine.NewIterator(cf, RangeOptions(p.Region, snap));
                for (it.SeekToFirst(); it.Valid; it.Next())
                {
                    // The stored size, not the value: under titan reading it.Value was one blob read
                    // per entry, on the store loop (at 1 KB rows with direct reads, seconds per check).
                    var n = it.Key.Length + it.ApproximateValueSize;
                    size += n;
                    keys++;
                    if (cf.Name == ColumnFamilies.Default || cf.Name == ColumnFamilies.Write) sizes.Add((it.Key.ToArray(), n));
                }
            }
        }
        p.ApproximateSize = size;
        p.ApproximateKeys = keys;
        if ((size <= _options.SplitSizeBytes && keys <= _options.SplitKeys) || sizes.Count < 2) return null;
        sizes.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        long acc = 0;
        var half = size / 2;
        foreach (var (key, n) in sizes)
        {
            acc += n;
            if (acc >= half && key.AsSpan().SequenceCompareTo(p.Region.StartKey.Span) > 0) return _options.SplitKeyOf?.Invoke(key) ?? key;
        }
        return null;
    }

    /// <summary>Fails the pending requests, closes the peers, the log and the engine.</summary>
    public void Dispose()
    {
        foreach (var p in _peers.Values) p.FailAll(new RegionError { Message = $"store {StoreId} is shutting down", RegionNotFound = new RegionNotFound { RegionId = p.RegionId } });
        _applyBatch.Dispose();
        _snapSender.Dispose();
        _snapReceiver.Dispose();
    }
}
