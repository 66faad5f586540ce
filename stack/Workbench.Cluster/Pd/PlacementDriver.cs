using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;
using Workbench.Raft.Messages;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.Pd;

/// <summary>
/// The placement driver (one PD, pd-server's roles): TSO, id allocator, the cluster's view of
/// stores and regions from their heartbeats, and the schedulers that turn that view into operators
/// — the replica checker (keep <see cref="PdOptions.Replicas"/> copies on live, up stores spread over
/// zones), balance-leader and balance-region — answered one step at a time in region heartbeat
/// responses. Decommission: <see cref="SetStoreState"/> Offline → the replica checker moves every
/// peer away → Tombstone once the store holds none. State is durable in one file (FORMAT.md), so a
/// restarted PD resumes (ids and timestamps never go back). Time comes from the injected clock.
/// Thread-safe: one lock around everything.
/// </summary>
public sealed class PlacementDriver
{
    private const int LogicalBits = 18;
    private const long MaxLogical = 1L << LogicalBits;

    private readonly object _lock = new();
    private readonly PdOptions _options;
    private readonly Func<long> _nowMs;
    private readonly IFileSystem _fs;
    private readonly string _dir;
    private readonly Dictionary<ulong, StoreInfo> _stores = [];
    private readonly Dictionary<ulong, RegionInfo> _regions = [];
    private readonly SortedDictionary<byte[], ulong> _byStart = new(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
    private readonly Dictionary<ulong, Operator> _operators = [];
    private ulong _nextId;
    private ulong _idLimit;
    private long _tsoPhysical;
    private long _tsoLogical;
    private long _tsoLimitMs;
    private bool _dirty;

    private PlacementDriver(PdOptions options, Func<long> nowMs, IFileSystem fs, string dir)
    {
        _options = options;
        _nowMs = nowMs;
        _fs = fs;
        _dir = dir;
    }

    /// <summary>Opens PD's state in <paramref name="directory"/> (or starts empty).</summary>
    public static PlacementDriver Open(PdOptions options, Func<long> nowMs, IFileSystem fileSystem, string directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nowMs);
        ArgumentNullException.ThrowIfNull(fileSystem);
        var pd = new PlacementDriver(options, nowMs, fileSystem, directory);
        fileSystem.CreateDirectory(directory);
        var path = pd.StatePath;
        if (fileSystem.FileExists(path))
        {
            using var f = fileSystem.OpenRead(path);
            var bytes = new byte[f.Length];
            f.ReadAt(0, bytes);
            PdState state;
            try
            {
                state = PdState.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new CorruptionException(path, 0, "PD state does not parse: " + e.Message);
            }
            foreach (var s in state.Stores) pd._stores[s.Id] = new StoreInfo(s) { LastHeartbeatMs = nowMs() };
            foreach (var r in state.Regions) pd.PutRegion(new RegionInfo(r));
            foreach (var l in state.Leaders)
                if (pd._regions.TryGetValue(l.RegionId, out var ri)) ri.Leader = l.Leader;
            pd._nextId = state.IdLimit;
            pd._idLimit = state.IdLimit;
            pd._tsoLimitMs = state.TsoLimitMs;
            pd._tsoPhysical = state.TsoLimitMs; // never serve below what may have been served
        }
        else
        {
            pd._nextId = 1;
        }
        return pd;
    }

    private string StatePath => FilePaths.Combine(_dir, "pd-state.pb");

    /// <summary>Whether the cluster's first region exists.</summary>
    public bool IsBootstrapped
    {
        get
        {
            lock (_lock) return _regions.Count > 0;
        }
    }

    // ---- TSO and ids ----

    /// <summary>Allocates <paramref name="count"/> timestamps; returns the last (physical_ms &lt;&lt; 18 | logical), the others precede it.</summary>
    public TsoResponse Tso(uint count)
    {
        if (count == 0 || count >= MaxLogical) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be in 1..2^18-1");
        lock (_lock)
        {
            var now = _nowMs();
            if (now > _tsoPhysical)
            {
                _tsoPhysical = now;
                _tsoLogical = 0;
            }
            if (_tsoLogical + count >= MaxLogical)
            {
                // Logical part exhausted within this millisecond: move to the next one.
                _tsoPhysical++;
                _tsoLogical = 0;
            }
            _tsoLogical += count;
            if (_tsoPhysical >= _tsoLimitMs)
            {
                _tsoLimitMs = _tsoPhysical + _options.TsoSaveIntervalMs;
                Persist();
            }
            return new TsoResponse { Count = count, Physical = _tsoPhysical, Logical = _tsoLogical };
        }
    }

    /// <summary>A TSO timestamp from its parts: (physical ms &lt;&lt; 18) + logical.</summary>
    public static ulong ComposeTs(long physical, long logical) => ((ulong)physical << LogicalBits) + (ulong)logical;

    /// <summary>A new cluster-unique id (stores, regions, peers), persisted in batches.</summary>
    public ulong AllocId()
    {
        lock (_lock) return AllocIdLocked();
    }

    private ulong AllocIdLocked()
    {
        if (_nextId >= _idLimit)
        {
            _idLimit = _nextId + (ulong)_options.IdBatch;
            Persist();
        }
        return _nextId++;
    }

    // ---- stores ----

    /// <summary>Registers (or updates the address/labels/engine of) a store.</summary>
    public void PutStore(Messages.Store store)
    {
        ArgumentNullException.ThrowIfNull(store);
        lock (_lock)
        {
            if (_stores.TryGetValue(store.Id, out var existing))
            {
                if (existing.Meta.State == StoreState.Tombstone) throw new InvalidOperationException($"store {store.Id} is a tombstone and cannot come back");
                var state = existing.Meta.State;
                existing.Meta = store.Clone();
                existing.Meta.State = state;
            }
            else _stores[store.Id] = new StoreInfo(store.Clone()) { LastHeartbeatMs = _nowMs() };
            _nextId = Math.Max(_nextId, store.Id + 1);
            Persist();
        }
    }

    /// <summary>A copy of store <paramref name="id"/>'s metadata, or null when unknown.</summary>
    public Messages.Store? GetStore(ulong id)
    {
        lock (_lock) return _stores.TryGetValue(id, out var s) ? s.Meta.Clone() : null;
    }

    /// <summary>Copies of every store's metadata.</summary>
    public List<Messages.Store> GetAllStores()
    {
        lock (_lock) return _stores.Values.Select(s => s.Meta.Clone()).OrderBy(s => s.Id).ToList();
    }

    /// <summary>`store delete N` sets Offline (decommission); Up cancels it. Tombstone is set by PD itself once the store is empty.</summary>
    public void SetStoreState(ulong storeId, StoreState state)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(storeId, out var s)) throw new ArgumentException($"unknown store {storeId}");
            if (s.Meta.State == StoreState.Tombstone) throw new InvalidOperationException($"store {storeId} is already a tombstone");
            if (state == StoreState.Tombstone) throw new ArgumentException("a store becomes a tombstone only when PD has moved every peer away");
            s.Meta.State = state;
            Persist();
        }
    }

    /// <summary>Records a store's heartbeat (stats, liveness) and updates its state.</summary>
    public void StoreHeartbeat(StoreHeartbeatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_stores.TryGetValue(request.Stats.StoreId, out var s)) return;
            s.Stats = request.Stats.Clone();
            s.LastHeartbeatMs = _nowMs();
            MaybeTombstone(s);
        }
    }

    /// <summary>(store, regions, leaders, used size, state, seconds since heartbeat) of every store, from PD's view.</summary>
    public List<StoreSummary> StoreSummaries()
    {
        lock (_lock)
        {
            var now = _nowMs();
            var list = new List<StoreSummary>();
            foreach (var s in _stores.Values.OrderBy(s => s.Meta.Id))
                list.Add(new StoreSummary(s.Meta.Clone(), RegionCountOn(s.Meta.Id), LeaderCountOn(s.Meta.Id), RegionSizeOn(s.Meta.Id), (now - s.LastHeartbeatMs) / 1000.0));
            return list;
        }
    }

    // ---- regions ----

    /// <summary>Creates the first region [−∞, +∞) with peers on up to <see cref="PdOptions.Replicas"/> of the given stores (spread over zones); null when already bootstrapped.</summary>
    public Region? Bootstrap(IReadOnlyList<Messages.Store> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        lock (_lock)
        {
            if (_regions.Count > 0) return null;
            foreach (var s in stores)
                if (!_stores.ContainsKey(s.Id)) _stores[s.Id] = new StoreInfo(s.Clone()) { LastHeartbeatMs = _nowMs() };
            foreach (var s in stores) _nextId = Math.Max(_nextId, s.Id + 1);
            var region = new Region { Id = AllocIdLocked(), RegionEpoch = new RegionEpoch { ConfVer = 1, Version = 1 } };
            var chosen = new List<StoreInfo>();
            while (chosen.Count < _options.Replicas)
            {
                var next = _stores.Values.Where(s => s.Meta.State == StoreState.Up && !chosen.Contains(s))
                    .OrderBy(s => chosen.Count(c => SameLocation(c, s))).ThenBy(s => s.Meta.Id).FirstOrDefault();
                if (next is null) break;
                chosen.Add(next);
            }
            foreach (var s in chosen) region.Peers.Add(new Peer { Id = AllocIdLocked(), StoreId = s.Meta.Id });
            PutRegion(new RegionInfo(region.Clone()));
            Persist();
            return region;
        }
    }

    /// <summary>The region holding encoded key <paramref name="key"/> and its leader, or null before bootstrap.</summary>
    public (Region Region, Peer? Leader)? GetRegion(ReadOnlySpan<byte> key)
    {
        var k = key.ToArray();
        lock (_lock)
        {
            // The region with the greatest start key ≤ key.
            RegionInfo? found = null;
            foreach (var (start, id) in _byStart)
            {
                if (start.AsSpan().SequenceCompareTo(k) > 0) break;
                found = _regions[id];
            }
            if (found is null || !RegionChecks.ContainsKey(found.Region, k)) return null;
            return (found.Region.Clone(), found.Leader?.Clone());
        }
    }

    /// <summary>Region <paramref name="id"/> and its leader, or null when unknown.</summary>
    public (Region Region, Peer? Leader)? GetRegionById(ulong id)
    {
        lock (_lock) return _regions.TryGetValue(id, out var r) ? (r.Region.Clone(), r.Leader?.Clone()) : null;
    }

    /// <summary>Every region and its leader.</summary>
    public List<(Region Region, Peer? Leader)> AllRegions()
    {
        lock (_lock) return _byStart.Values.Select(id => (_regions[id].Region.Clone(), _regions[id].Leader?.Clone())).ToList();
    }

    /// <summary>Allocates the ids of the new regions and peers a split needs.</summary>
    public AskBatchSplitResponse AskBatchSplit(AskBatchSplitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var resp = new AskBatchSplitResponse();
            for (var i = 0; i < request.SplitCount; i++)
            {
                var id = new SplitId { NewRegionId = AllocIdLocked() };
                foreach (var _ in request.Region.Peers) id.NewPeerIds.Add(AllocIdLocked());
                resp.Ids.Add(id);
            }
            return resp;
        }
    }

    /// <summary>Records the regions a finished split produced.</summary>
    public void ReportBatchSplit(ReportBatchSplitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
            foreach (var r in request.Regions) UpdateRegion(r, null, 0, 0, []);
    }

    /// <summary>A leader's report of its region; returns the next step of the region's operator, if any.</summary>
    public RegionHeartbeatResponse? RegionHeartbeat(RegionHeartbeatRequest hb)
    {
        ArgumentNullException.ThrowIfNull(hb);
        lock (_lock)
        {
            var info = UpdateRegion(hb.Region, hb.Leader, hb.ApproximateSize, hb.ApproximateKeys, hb.PendingPeers);
            if (info is null) return null;
            var now = _nowMs();
            foreach (var s in _stores.Values) MaybeTombstone(s);
            if (_operators.TryGetValue(info.Region.Id, out var op))
            {
                if (now - op.CreatedMs > _options.OperatorTimeoutMs)
                {
                    _operators.Remove(info.Region.Id);
                    OperatorsTimedOut++;
                }
                else
                {
                    while (op.Current is { } step && StepDone(step, info)) op.StepIndex++;
                    if (op.Current is null)
                    {
                        _operators.Remove(info.Region.Id);
                        OperatorsFinished++;
                    }
                    else return StepCommand(op.Current, info);
                }
            }
            var created = ReplicaChecker(info) ?? (_options.EnableBalance ? BalanceLeader(info) ?? BalanceRegion(info) : null);
            if (created is null) return null;
            created.CreatedMs = now;
            _operators[info.Region.Id] = created;
            OperatorsCreated++;
            OperatorsByKind[created.Kind] = OperatorsByKind.GetValueOrDefault(created.Kind) + 1;
            return created.Current is { } first ? StepCommand(first, info) : null;
        }
    }

    /// <summary>Operators created so far.</summary>
    public long OperatorsCreated { get; private set; }
    /// <summary>Operators that finished.</summary>
    public long OperatorsFinished { get; private set; }
    /// <summary>Operators dropped after the operator timeout.</summary>
    public long OperatorsTimedOut { get; private set; }
    /// <summary>Operators created, by kind (add-peer, remove-peer, transfer-leader, ...).</summary>
    public Dictionary<string, long> OperatorsByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>A copy of <see cref="OperatorsByKind"/> taken under PD's lock (for other threads: metrics, status).</summary>
    public Dictionary<string, long> OperatorCountsByKind()
    {
        lock (_lock) return new Dictionary<string, long>(OperatorsByKind, StringComparer.Ordinal);
    }

    /// <summary>Operators created and not yet finished or timed out.</summary>
    public int PendingOperators
    {
        get
        {
            lock (_lock) return _operators.Count;
        }
    }

    private RegionInfo? UpdateRegion(Region region, Peer? leader, ulong size, ulong keys, IEnumerable<Peer> pending)
    {
        if (_regions.TryGetValue(region.Id, out var known))
        {
            if (RegionChecks.IsStale(region.RegionEpoch, known.Region.RegionEpoch)) return null; // an old leader's report
            var changed = region.RegionEpoch.Version != known.Region.RegionEpoch.Version || region.RegionEpoch.ConfVer != known.Region.RegionEpoch.ConfVer;
            if (changed)
            {
                RemoveRegion(known);
                known = new RegionInfo(region.Clone()) { ApproximateSize = known.ApproximateSize, ApproximateKeys = known.ApproximateKeys, Leader = known.Leader };
                PutRegion(known);
                _dirty = true;
            }
        }
        else
        {
            known = new RegionInfo(region.Clone());
            PutRegion(known);
            _dirty = true;
        }
        if (leader is not null) known.Leader = leader.Clone();
        if (size > 0 || keys > 0)
        {
            known.ApproximateSize = size;
            known.ApproximateKeys = keys;
        }
        known.PendingPeers = pending.Select(p => p.Id).ToHashSet();
        if (_dirty) Persist();
        return known;
    }

    private void PutRegion(RegionInfo info)
    {
        // A newer region replaces the ones it overlaps (e.g. the parent of a split reported late).
        foreach (var other in _regions.Values.Where(o => o.Region.Id != info.Region.Id && RegionChecks.Overlaps(o.Region, info.Region)).ToList())
        {
            if (other.Region.RegionEpoch.Version > info.Region.RegionEpoch.Version) return;
            RemoveRegion(other);
        }
        _regions[info.Region.Id] = info;
        _byStart[info.Region.StartKey.ToByteArray()] = info.Region.Id;
    }

    private void RemoveRegion(RegionInfo info)
    {
        _regions.Remove(info.Region.Id);
        var key = info.Region.StartKey.ToByteArray();
        if (_byStart.TryGetValue(key, out var id) && id == info.Region.Id) _byStart.Remove(key);
    }

    // ---- operators ----

    private static bool StepDone(OpStep step, RegionInfo info)
    {
        var p = RegionChecks.PeerById(info.Region, step.Peer.Id);
        return step.Kind switch
        {
            OpStepKind.AddLearner => p is not null,
            OpStepKind.PromoteLearner => p is not null && p.Role == PeerRole.Voter,
            OpStepKind.TransferLeader => info.Leader?.Id == step.Peer.Id,
            OpStepKind.RemovePeer => p is null,
            _ => true,
        };
    }

    private static RegionHeartbeatResponse? StepCommand(OpStep step, RegionInfo info)
    {
        var resp = new RegionHeartbeatResponse { RegionId = info.Region.Id, RegionEpoch = info.Region.RegionEpoch.Clone(), TargetPeer = info.Leader?.Clone() };
        switch (step.Kind)
        {
            case OpStepKind.AddLearner:
                resp.ChangePeer = new ChangePeer { ChangeType = ConfChangeType.AddLearnerNode, Peer = new Peer { Id = step.Peer.Id, StoreId = step.Peer.StoreId, Role = PeerRole.Learner } };
                break;
            case OpStepKind.PromoteLearner:
                if (info.PendingPeers.Contains(step.Peer.Id)) return null; // wait until it caught up
                resp.ChangePeer = new ChangePeer { ChangeType = ConfChangeType.AddNode, Peer = new Peer { Id = step.Peer.Id, StoreId = step.Peer.StoreId } };
                break;
            case OpStepKind.TransferLeader:
                if (info.PendingPeers.Contains(step.Peer.Id)) return null;
                resp.TransferLeader = new TransferLeader { Peer = step.Peer.Clone() };
                break;
            case OpStepKind.RemovePeer:
                if (info.Leader?.Id == step.Peer.Id)
                {
                    // The leader cannot remove itself: hand leadership to another voter first.
                    var to = info.Region.Peers.FirstOrDefault(p => p.Id != step.Peer.Id && p.Role == PeerRole.Voter && !info.PendingPeers.Contains(p.Id));
                    if (to is null) return null;
                    resp.TransferLeader = new TransferLeader { Peer = to.Clone() };
                    break;
                }
                resp.ChangePeer = new ChangePeer { ChangeType = ConfChangeType.RemoveNode, Peer = step.Peer.Clone() };
                break;
        }
        return resp;
    }

    private int OperatorsOfKind(string kind) => _operators.Values.Count(o => o.Kind == kind);

    private int OperatorsTouching(ulong storeId) => _operators.Values.Count(o => o.Stores.Contains(storeId));

    private bool StoreIsGood(StoreInfo s) => s.Meta.State == StoreState.Up && _nowMs() - s.LastHeartbeatMs <= _options.MaxStoreDownTimeMs;

    /// <summary>Replica checker: replace peers on offline, tombstone, down or unknown stores; add missing replicas; remove extra ones; promote stray learners.</summary>
    private Operator? ReplicaChecker(RegionInfo info)
    {
        if (OperatorsOfKind("replica") >= _options.ReplicaScheduleLimit) return null;
        var region = info.Region;
        // A learner on a good store is promoted first: it may be the replacement an operator lost (PD restarted) was adding,
        // and while it occupies its store no other target may be free.
        var stray = region.Peers.FirstOrDefault(p => p.Role == PeerRole.Learner && _stores.TryGetValue(p.StoreId, out var ls) && StoreIsGood(ls));
        if (stray is not null) return new Operator("replica", [new OpStep(OpStepKind.PromoteLearner, stray.Clone())], [stray.StoreId]);
        foreach (var p in region.Peers)
        {
            if (_stores.TryGetValue(p.StoreId, out var s) && StoreIsGood(s)) continue;
            if (region.Peers.Count(x => x.Role == PeerRole.Voter) > _options.Replicas && p.Id != info.Leader?.Id)
                return new Operator("replica", [new OpStep(OpStepKind.RemovePeer, p.Clone())], [p.StoreId]);
            var target = SelectTarget(region, exclude: p);
            if (target is null) return null;
            var np = new Peer { Id = AllocIdLocked(), StoreId = target.Meta.Id };
            return new Operator("replica", [new OpStep(OpStepKind.AddLearner, np), new OpStep(OpStepKind.PromoteLearner, np), new OpStep(OpStepKind.RemovePeer, p.Clone())], [target.Meta.Id, p.StoreId]);
        }
        var learner = region.Peers.FirstOrDefault(p => p.Role == PeerRole.Learner);
        if (learner is not null) return new Operator("replica", [new OpStep(OpStepKind.PromoteLearner, learner.Clone())], [learner.StoreId]);
        var voters = region.Peers.Count;
        if (voters < _options.Replicas)
        {
            var target = SelectTarget(region, exclude: null);
            if (target is null) return null;
            var np = new Peer { Id = AllocIdLocked(), StoreId = target.Meta.Id };
            return new Operator("replica", [new OpStep(OpStepKind.AddLearner, np), new OpStep(OpStepKind.PromoteLearner, np)], [target.Meta.Id]);
        }
        if (voters > _options.Replicas)
        {
            // Remove the peer whose location is most duplicated, then the one on the fullest store.
            var worst = region.Peers.OrderByDescending(p => region.Peers.Count(o => o.Id != p.Id && SameLocation(p.StoreId, o.StoreId)))
                .ThenByDescending(p => RegionScore(p.StoreId)).ThenBy(p => p.Id).First();
            return new Operator("replica", [new OpStep(OpStepKind.RemovePeer, worst.Clone())], [worst.StoreId]);
        }
        return null;
    }

    /// <summary>The best store for a new peer of <paramref name="region"/> (replacing <paramref name="exclude"/>): good, not holding the region, under its store limit; fewest peers in the same zone, then the lowest region score.</summary>
    private StoreInfo? SelectTarget(Region region, Peer? exclude)
    {
        StoreInfo? best = null;
        (int Clash, double Score, ulong Id) bestKey = default;
        foreach (var s in _stores.Values)
        {
            if (!StoreIsGood(s) || RegionChecks.PeerOnStore(region, s.Meta.Id) is not null) continue;
            if (OperatorsTouching(s.Meta.Id) >= _options.StoreLimit) continue;
            var clash = region.Peers.Count(p => p.Id != exclude?.Id && SameLocation(p.StoreId, s.Meta.Id));
            var key = (clash, RegionScore(s.Meta.Id), s.Meta.Id);
            if (best is null || key.CompareTo(bestKey) < 0)
            {
                best = s;
                bestKey = key;
            }
        }
        return best;
    }

    private Operator? BalanceLeader(RegionInfo info)
    {
        if (info.Leader is null || OperatorsOfKind("balance-leader") >= _options.LeaderScheduleLimit) return null;
        var source = info.Leader.StoreId;
        var sourceScore = LeaderCountOn(source);
        Peer? best = null;
        var bestScore = double.MaxValue;
        foreach (var p in info.Region.Peers)
        {
            if (p.Id == info.Leader.Id || p.Role != PeerRole.Voter || info.PendingPeers.Contains(p.Id)) continue;
            if (!_stores.TryGetValue(p.StoreId, out var s) || !StoreIsGood(s)) continue;
            var score = LeaderCountOn(p.StoreId);
            if (score < bestScore)
            {
                best = p;
                bestScore = score;
            }
        }
        if (best is null || sourceScore - bestScore <= _options.LeaderTolerance) return null;
        return new Operator("balance-leader", [new OpStep(OpStepKind.TransferLeader, best.Clone())], [], LeaderFrom: source, LeaderTo: best.StoreId);
    }

    private Operator? BalanceRegion(RegionInfo info)
    {
        if (OperatorsOfKind("balance-region") >= _options.RegionScheduleLimit || info.PendingPeers.Count > 0) return null;
        var region = info.Region;
        if (region.Peers.Count != _options.Replicas) return null;
        var source = region.Peers.OrderByDescending(p => RegionScore(p.StoreId)).ThenBy(p => p.Id).First();
        if (OperatorsTouching(source.StoreId) >= _options.StoreLimit) return null;
        var target = SelectTarget(region, exclude: source);
        if (target is null) return null;
        // Moving must not put two replicas in one zone that were apart.
        var clashBefore = region.Peers.Count(p => p.Id != source.Id && SameLocation(p.StoreId, source.StoreId));
        var clashAfter = region.Peers.Count(p => p.Id != source.Id && SameLocation(p.StoreId, target.Meta.Id));
        if (clashAfter > clashBefore) return null;
        var avg = Math.Max(1.0, _regions.Values.Average(r => (double)r.ApproximateSize));
        if (RegionScore(source.StoreId) - RegionScore(target.Meta.Id) <= _options.RegionTolerance * Math.Max(avg, info.ApproximateSize)) return null;
        var np = new Peer { Id = AllocIdLocked(), StoreId = target.Meta.Id };
        return new Operator("balance-region",
            [new OpStep(OpStepKind.AddLearner, np), new OpStep(OpStepKind.PromoteLearner, np), new OpStep(OpStepKind.RemovePeer, source.Clone())],
            [target.Meta.Id, source.StoreId], SizeFrom: source.StoreId, SizeTo: target.Meta.Id, Size: info.ApproximateSize);
    }

    private bool SameLocation(StoreInfo a, StoreInfo b) => SameLocation(a.Meta.Id, b.Meta.Id);

    private bool SameLocation(ulong a, ulong b)
    {
        if (a == b) return true;
        if (!_stores.TryGetValue(a, out var sa) || !_stores.TryGetValue(b, out var sb)) return false;
        foreach (var key in _options.LocationLabels)
        {
            var va = sa.Meta.Labels.FirstOrDefault(l => l.Key == key)?.Value;
            var vb = sb.Meta.Labels.FirstOrDefault(l => l.Key == key)?.Value;
            if (va is null || vb is null || va != vb) return false;
        }
        return _options.LocationLabels.Count > 0;
    }

    private int RegionCountOn(ulong storeId) => _regions.Values.Count(r => RegionChecks.PeerOnStore(r.Region, storeId) is not null);

    private double LeaderCountOn(ulong storeId)
    {
        double n = _regions.Values.Count(r => r.Leader?.StoreId == storeId);
        // Influence of leader moves in flight (PD's operator influence), so one round does not overshoot.
        foreach (var op in _operators.Values)
        {
            if (op.LeaderFrom == storeId) n--;
            if (op.LeaderTo == storeId) n++;
        }
        return n;
    }

    private ulong RegionSizeOn(ulong storeId)
    {
        ulong n = 0;
        foreach (var r in _regions.Values)
            if (RegionChecks.PeerOnStore(r.Region, storeId) is not null) n += r.ApproximateSize;
        return n;
    }

    /// <summary>
    /// Region score: the bytes of the regions on the store plus moves in flight, each region counted
    /// at least 1 (so empty regions still balance by count). PD's v2 score also grows sharply as free
    /// space runs out; stores here report no capacity, so that term is left out.
    /// </summary>
    private double RegionScore(ulong storeId)
    {
        double n = 0;
        foreach (var r in _regions.Values)
            if (RegionChecks.PeerOnStore(r.Region, storeId) is not null) n += Math.Max(1, r.ApproximateSize);
        foreach (var op in _operators.Values)
        {
            if (op.SizeFrom == storeId) n -= Math.Max(1, op.Size);
            if (op.SizeTo == storeId) n += Math.Max(1, op.Size);
        }
        return n;
    }

    private void MaybeTombstone(StoreInfo s)
    {
        if (s.Meta.State != StoreState.Offline || RegionCountOn(s.Meta.Id) > 0) return;
        s.Meta.State = StoreState.Tombstone;
        Persist();
    }

    // ---- durability ----

    private void Persist()
    {
        _dirty = false;
        var state = new PdState { ClusterId = 1, IdLimit = _idLimit, TsoLimitMs = _tsoLimitMs };
        foreach (var s in _stores.Values) state.Stores.Add(s.Meta);
        foreach (var r in _regions.Values)
        {
            state.Regions.Add(r.Region);
            if (r.Leader is not null) state.Leaders.Add(new RegionLeader { RegionId = r.Region.Id, Leader = r.Leader });
        }
        var bytes = state.ToByteArray();
        var tmp = StatePath + ".tmp";
        using (var f = _fs.CreateFile(tmp, WriteCategory.Other))
        {
            f.Append(bytes);
            f.Sync();
        }
        _fs.RenameFile(tmp, StatePath);
        _fs.SyncDirectory(_dir);
    }

    private sealed class StoreInfo(Messages.Store meta)
    {
        public Messages.Store Meta { get; set; } = meta;
        public StoreStats Stats { get; set; } = new();
        public long LastHeartbeatMs { get; set; }
    }

    private sealed class RegionInfo(Region region)
    {
        public Region Region { get; } = region;
        public Peer? Leader { get; set; }
        public ulong ApproximateSize { get; set; }
        public ulong ApproximateKeys { get; set; }
        public HashSet<ulong> PendingPeers { get; set; } = [];
    }

    private enum OpStepKind
    {
        AddLearner,
        PromoteLearner,
        TransferLeader,
        RemovePeer,
    }

    private sealed record OpStep(OpStepKind Kind, Peer Peer);

    private sealed record Operator(string Kind, List<OpStep> Steps, List<ulong> Stores, ulong LeaderFrom = 0, ulong LeaderTo = 0, ulong SizeFrom = 0, ulong SizeTo = 0, ulong Size = 0)
    {
        public int StepIndex { get; set; }
        public long CreatedMs { get; set; }
        public OpStep? Current => StepIndex < Steps.Count ? Steps[StepIndex] : null;
    }
}
