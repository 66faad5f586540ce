using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Server;
using Workbench.Cluster.Store;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Service;
using A = Workbench.Txn.Actions.Requests;
using M = Workbench.Cluster.Messages;

namespace Workbench.Cluster.Txn;

/// <summary>
/// <see cref="ITxnKvService"/> over the cluster (client-go's txnkv region requests): every key is
/// routed in the memcomparable-encoded key space (<see cref="MvccKey.Encode"/>; region boundaries
/// are encoded user keys without a timestamp, TiKV's choice, so all versions of a key stay in one
/// region) through the <see cref="RegionCache"/>; keys are grouped by region, one request per
/// region, regions in parallel; region errors are retried with client-go's backoffs and a cache
/// update (<see cref="RawClient"/>'s rules). A write whose outcome is unknown (it timed out after
/// reaching a leader) is never retried: it fails with <see cref="ClusterException.Undetermined"/>.
/// Talks to the cluster only through <see cref="IPdRpc"/> (via the cache) and <see cref="IStoreRpc"/>,
/// so it runs unchanged over any topology. Thread-safe; the synchronous interface blocks the caller.
/// </summary>
public sealed class ClusterTxnKvService : ITxnKvService
{
    private readonly RegionCache _cache;
    private readonly IStoreRpc _rpc;
    private readonly IClusterClock _clock;
    private readonly Random _random;
    private readonly int _maxBackoffMs;
    private readonly RawClient _errors;
    private long _regionErrors;

    /// <summary>A service over <paramref name="rpc"/> routing through <paramref name="cache"/>; region errors back off on <paramref name="clock"/> with <paramref name="random"/> jitter within <paramref name="maxBackoffMs"/>.</summary>
    public ClusterTxnKvService(RegionCache cache, IStoreRpc rpc, IClusterClock clock, Random random, int maxBackoffMs = 20_000)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(random);
        _cache = cache;
        _rpc = rpc;
        _clock = clock;
        _random = random;
        _maxBackoffMs = maxBackoffMs;
        _errors = new RawClient(cache, rpc, clock, random, maxBackoffMs);
    }

    /// <summary>The region cache requests are routed through.</summary>
    public RegionCache Cache => _cache;

    /// <summary>Region errors met and retried.</summary>
    public long RegionErrors => Interlocked.Read(ref _regionErrors);

    /// <summary>ServerIsBusy answers (store flow control) met and retried after a tikvServerBusy backoff; they count in <see cref="RegionErrors"/> too.</summary>
    public long ServerBusyReplies => _errors.ServerBusyReplies;

    /// <summary>Milliseconds slept in tikvServerBusy backoffs.</summary>
    public long ServerBusyBackoffMs => _errors.ServerBusyBackoffMs;

    /// <summary>Called with the milliseconds of each tikvServerBusy backoff (the topology points it at the txn client's stats).</summary>
    public Action<long>? OnServerBusy
    {
        get => _errors.OnServerBusy;
        set => _errors.OnServerBusy = value;
    }

    /// <summary>1PC requests that found their keys in several regions (a split after the client's check) and committed as async commit instead.</summary>
    public long OnePcFallbacks => Interlocked.Read(ref _onePcFallbacks);

    private long _onePcFallbacks;

    private Backoffer NewBackoffer()
    {
        lock (_random) return new Backoffer(_clock, new Random(_random.Next()), _maxBackoffMs);
    }

    private static T Wait<T>(Task<T> t) => BlockingWait.Result(t);

    private static void Wait(Task t) => BlockingWait.Complete(t);

    // ---- reads ----

    /// <inheritdoc/>
    public byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => Wait(GetAsync(key, ts, bypassLocks));

    /// <summary>Async form of <see cref="Get"/>.</summary>
    public async Task<byte[]?> GetAsync(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bo = NewBackoffer();
        while (true)
        {
            var region = await LocateAsync(key, bo).ConfigureAwait(false);
            var req = new M.GetRequest { Context = region.Context(), Key = ByteString.CopyFrom(key), Version = ts };
            AddBypass(req.ResolvedLocks, bypassLocks);
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvGet, req, M.GetResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
            if (retry) continue;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            return resp.NotFound ? null : resp.Value.ToByteArray();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<A.KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => Wait(BatchGetAsync(keys, ts, bypassLocks));

    /// <summary>Async form of <see cref="BatchGet"/>.</summary>
    public async Task<IReadOnlyList<A.KvPair>> BatchGetAsync(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new List<A.KvPair>();
        await ForEachRegionAsync(keys, async (region, ks, bo) =>
        {
            var req = new M.BatchGetRequest { Context = region.Context(), Version = ts };
            foreach (var k in ks) req.Keys.Add(ByteString.CopyFrom(k));
            AddBypass(req.ResolvedLocks, bypassLocks);
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvBatchGet, req, M.BatchGetResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
            if (retry) return true;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            lock (result)
                foreach (var p in resp.Pairs) result.Add(new A.KvPair(p.Key.ToByteArray(), p.Value.ToByteArray()));
            return false;
        }).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public IReadOnlyList<A.KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) =>
        Wait(ScanAsync(startKey, endKey, limit, ts, bypassLocks));

    /// <summary>Region by region from <paramref name="startKey"/>: each region answers for [start, end) ∩ its range; the next starts at its end.</summary>
    public async Task<IReadOnlyList<A.KvPair>> ScanAsync(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null)
    {
        ArgumentNullException.ThrowIfNull(startKey);
        var result = new List<A.KvPair>();
        var from = startKey;
        var bo = NewBackoffer();
        var encEnd = endKey is null ? null : MvccKey.Encode(endKey);
        while (result.Count < limit)
        {
            var region = await LocateAsync(from, bo).ConfigureAwait(false);
            var req = new M.ScanRequest
            {
                Context = region.Context(),
                StartKey = ByteString.CopyFrom(from),
                EndKey = endKey is null ? ByteString.Empty : ByteString.CopyFrom(endKey),
                Limit = (uint)Math.Min(limit - result.Count, TxnService.MaxScanLimit),
                Version = ts,
            };
            AddBypass(req.ResolvedLocks, bypassLocks);
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvScan, req, M.ScanResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
            if (retry) continue;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            foreach (var p in resp.Pairs) result.Add(new A.KvPair(p.Key.ToByteArray(), p.Value.ToByteArray()));
            var end = region.Region.EndKey;
            if (result.Count >= limit || end.IsEmpty) break;
            if (encEnd is not null && end.Span.SequenceCompareTo(encEnd) >= 0) break;
            if (!MemComparable.TryDecode(end.Span, out var next, out var used) || used != end.Length)
                throw new ClusterException($"region {region.Region.Id} ends at {RegionChecks.Hex(end.Span)}, which is not a memcomparable-encoded key: the cluster holds raw-mode data in the transactional key space");
            from = next;
        }
        return result;
    }

    // ---- writes ----

    /// <inheritdoc/>
    public A.PrewriteResponse Prewrite(A.PrewriteRequest request) => Wait(PrewriteAsync(request));

    /// <summary>
    /// One KvPrewrite per region; the request holding the primary carries the async-commit
    /// secondaries. The answer's MinCommitTs is the largest of all regions'. On a write conflict
    /// or duplicate key in any region the regions that did prewrite are rolled back before the
    /// error is raised (TiDB cleans up on a failed prewrite), so no lock of a failed batch waits
    /// for its TTL. A 1PC request whose keys turn out to span regions (a split since the client's
    /// <see cref="CanCommitInOnePhase"/>) commits as async commit instead and reports its commit_ts
    /// as the 1PC commit_ts: the same guarantee, one round later.
    /// </summary>
    public async Task<A.PrewriteResponse> PrewriteAsync(A.PrewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keys = new byte[request.Mutations.Count][];
        for (var i = 0; i < keys.Length; i++) keys[i] = request.Mutations[i].Key;
        var byKey = new Dictionary<byte[], A.Mutation>(Workbench.Storage.Encoding.ByteKeyComparer.Instance);
        foreach (var m in request.Mutations) byKey[m.Key] = m;
        var encPrimary = MvccKey.Encode(request.Primary);
        if (request.TryOnePc)
        {
            var bo0 = NewBackoffer();
            var groups = await GroupAsync(keys, bo0).ConfigureAwait(false);
            if (groups.Count > 1) return await OnePcAsAsyncCommitAsync(request, keys).ConfigureAwait(false);
        }
        ulong minCommit = 0, onePc = 0;
        var done = new List<byte[]>();
        var onePcSplit = false;
        try
        {
            await ForEachRegionAsync(keys, async (region, ks, bo) =>
            {
                var hasPrimary = RegionChecks.ContainsKey(region.Region, encPrimary);
                var req = new M.PrewriteRequest
                {
                    Context = region.Context(),
                    PrimaryLock = ByteString.CopyFrom(request.Primary),
                    StartVersion = request.StartTs,
                    LockTtl = request.LockTtl,
                    TxnSize = request.TxnSize,
                    MinCommitTs = request.MinCommitTs,
                    UseAsyncCommit = request.UseAsyncCommit,
                    TryOnePc = request.TryOnePc,
                };
                foreach (var k in ks) req.Mutations.Add(ToWire(byKey[k]));
                if (hasPrimary && request.UseAsyncCommit)
                    foreach (var s in request.Secondaries) req.Secondaries.Add(ByteString.CopyFrom(s));
                var (resp, retry) = await TryOnceAsync(region, KvServer.KvPrewrite, req, M.PrewriteResponse.Parser, r => r.RegionError, true, bo).ConfigureAwait(false);
                if (retry)
                {
                    if (request.TryOnePc) onePcSplit = true; // regrouped below; may now span regions
                    return true;
                }
                if (resp!.Errors.Count > 0) throw TxnWire.ToException(resp.Errors[0]);
                lock (done)
                {
                    minCommit = Math.Max(minCommit, resp.MinCommitTs);
                    onePc = Math.Max(onePc, resp.OnePcCommitTs);
                    done.AddRange(ks);
                }
                return false;
            }, beforeRetry: async pending =>
            {
                // A 1PC request that met a region error is regrouped; if it now spans regions it cannot be 1PC.
                if (!onePcSplit) return false;
                var groups = await GroupAsync(pending, NewBackoffer()).ConfigureAwait(false);
                return groups.Count > 1;
            }).ConfigureAwait(false);
        }
        catch (SpansRegionsException)
        {
            return await OnePcAsAsyncCommitAsync(request, keys).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WriteConflictException or AlreadyExistException or TxnAbortedException)
        {
            List<byte[]> written;
            lock (done) written = [.. done];
            if (written.Count > 0)
            {
                try
                {
                    await BatchRollbackAsync(new A.RollbackRequest(written, request.StartTs)).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The locks stay until their TTL; readers resolve them. The conflict is what the caller must see.
                }
            }
            throw;
        }
        return new A.PrewriteResponse(minCommit, onePc, []);
    }

    private async Task<A.PrewriteResponse> OnePcAsAsyncCommitAsync(A.PrewriteRequest request, byte[][] keys)
    {
        Interlocked.Increment(ref _onePcFallbacks);
        var secondaries = new List<byte[]>(keys.Length);
        var encPrimary = MvccKey.Encode(request.Primary);
        foreach (var k in keys)
            if (!MvccKey.Encode(k).AsSpan().SequenceEqual(encPrimary)) secondaries.Add(k);
        var asAsync = request with { TryOnePc = false, UseAsyncCommit = true, Secondaries = secondaries };
        var r = await PrewriteAsync(asAsync).ConfigureAwait(false);
        // Every lock is written: the transaction is committed at r.MinCommitTs whoever finishes it.
        await CommitAsync(new A.CommitRequest(keys, request.StartTs, r.MinCommitTs)).ConfigureAwait(false);
        return new A.PrewriteResponse(r.MinCommitTs, r.MinCommitTs, []);
    }

    /// <inheritdoc/>
    public void Commit(A.CommitRequest request) => Wait(CommitAsync(request));

    /// <summary>
    /// The region of the first key commits first, then the others in parallel: the client's first
    /// batch starts with the primary, whose commit is the transaction's commit point, so no
    /// secondary ever commits before it.
    /// </summary>
    public async Task CommitAsync(A.CommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Keys.Count == 0) return;
        var bo = NewBackoffer();
        var first = await LocateAsync(request.Keys[0], bo).ConfigureAwait(false);
        var firstKeys = new List<byte[]>();
        var rest = new List<byte[]>();
        foreach (var k in request.Keys)
            (RegionChecks.ContainsKey(first.Region, MvccKey.Encode(k)) ? firstKeys : rest).Add(k);
        await CommitKeysAsync(firstKeys, request).ConfigureAwait(false);
        if (rest.Count > 0) await CommitKeysAsync(rest, request).ConfigureAwait(false);
    }

    private Task CommitKeysAsync(List<byte[]> keys, A.CommitRequest request) =>
        ForEachRegionAsync(keys, async (region, ks, bo) =>
        {
            var req = new M.CommitRequest { Context = region.Context(), StartVersion = request.StartTs, CommitVersion = request.CommitTs };
            foreach (var k in ks) req.Keys.Add(ByteString.CopyFrom(k));
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvCommit, req, M.CommitResponse.Parser, r => r.RegionError, true, bo).ConfigureAwait(false);
            if (retry) return true;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            return false;
        });

    /// <inheritdoc/>
    public void BatchRollback(A.RollbackRequest request) => Wait(BatchRollbackAsync(request));

    /// <summary>Async form of <see cref="BatchRollback"/>.</summary>
    public Task BatchRollbackAsync(A.RollbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ForEachRegionAsync(request.Keys, async (region, ks, bo) =>
        {
            var req = new M.BatchRollbackRequest { Context = region.Context(), StartVersion = request.StartTs };
            foreach (var k in ks) req.Keys.Add(ByteString.CopyFrom(k));
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvBatchRollback, req, M.BatchRollbackResponse.Parser, r => r.RegionError, true, bo).ConfigureAwait(false);
            if (retry) return true;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            return false;
        });
    }

    /// <inheritdoc/>
    public A.TxnStatus CheckTxnStatus(A.CheckTxnStatusRequest request) => Wait(CheckTxnStatusAsync(request));

    /// <summary>Async form of <see cref="CheckTxnStatus"/>.</summary>
    public async Task<A.TxnStatus> CheckTxnStatusAsync(A.CheckTxnStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bo = NewBackoffer();
        while (true)
        {
            var region = await LocateAsync(request.PrimaryKey, bo).ConfigureAwait(false);
            var req = new M.CheckTxnStatusRequest
            {
                Context = region.Context(),
                PrimaryKey = ByteString.CopyFrom(request.PrimaryKey),
                LockTs = request.LockTs,
                CallerStartTs = request.CallerStartTs,
                CurrentTs = request.CurrentTs,
                RollbackIfNotExist = request.RollbackIfNotExist,
                ForceSyncCommit = request.ForceSyncCommit,
            };
            // It may write (a rollback record, a pushed min_commit_ts), but re-running it is safe: it
            // only decides from what is there, so an undetermined attempt is retried like a read.
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvCheckTxnStatus, req, M.CheckTxnStatusResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
            if (retry) continue;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            return new A.TxnStatus((A.TxnStatusKind)(int)resp.Kind, resp.CommitVersion, resp.LockInfo is null ? null : TxnWire.ToRecord(resp.LockInfo), resp.MinCommitTsPushed);
        }
    }

    /// <inheritdoc/>
    public A.SecondaryLocksStatus CheckSecondaryLocks(A.CheckSecondaryLocksRequest request) => Wait(CheckSecondaryLocksAsync(request));

    /// <summary>Per region; any region committed → committed; any rolled back → rolled back; else locked (every lock).</summary>
    public async Task<A.SecondaryLocksStatus> CheckSecondaryLocksAsync(A.CheckSecondaryLocksRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var locks = new List<LockInfo>();
        ulong commitTs = 0;
        var rolledBack = false;
        await ForEachRegionAsync(request.Keys, async (region, ks, bo) =>
        {
            var req = new M.CheckSecondaryLocksRequest { Context = region.Context(), StartVersion = request.StartTs };
            foreach (var k in ks) req.Keys.Add(ByteString.CopyFrom(k));
            var (resp, retry) = await TryOnceAsync(region, KvServer.KvCheckSecondaryLocks, req, M.CheckSecondaryLocksResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
            if (retry) return true;
            if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
            lock (locks)
            {
                if (resp.CommitTs != 0) commitTs = resp.CommitTs;
                if (resp.RolledBack) rolledBack = true;
                foreach (var l in resp.Locks) locks.Add(TxnWire.FromWire(l));
            }
            return false;
        }).ConfigureAwait(false);
        if (commitTs != 0) return new A.SecondaryLocksStatus(A.SecondaryLocksStatusKind.Committed, [], commitTs);
        if (rolledBack) return new A.SecondaryLocksStatus(A.SecondaryLocksStatusKind.RolledBack, [], 0);
        return new A.SecondaryLocksStatus(A.SecondaryLocksStatusKind.Locked, locks, 0);
    }

    /// <inheritdoc/>
    public void ResolveLock(A.ResolveLockRequest request) => Wait(ResolveLockAsync(request));

    /// <summary>With keys: one request per region they fall in. Without: every region, each resolving the txn's locks it holds.</summary>
    public async Task ResolveLockAsync(A.ResolveLockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Keys is { } keys)
        {
            await ForEachRegionAsync(keys, (region, ks, bo) => ResolveOneAsync(region, ks, request, bo)).ConfigureAwait(false);
            return;
        }
        var bo = NewBackoffer();
        byte[] from = [];
        while (true)
        {
            var region = await _cache.LocateAsync(from, bo).ConfigureAwait(false);
            if (await ResolveOneAsync(region, [], request, bo).ConfigureAwait(false)) continue;
            if (region.Region.EndKey.IsEmpty) return;
            from = region.Region.EndKey.ToByteArray();
        }
    }

    private async Task<bool> ResolveOneAsync(CachedRegion region, List<byte[]> ks, A.ResolveLockRequest request, Backoffer bo)
    {
        var req = new M.ResolveLockRequest { Context = region.Context(), StartVersion = request.StartTs, CommitVersion = request.CommitTs };
        foreach (var k in ks) req.Keys.Add(ByteString.CopyFrom(k));
        // Resolving is idempotent (commit or roll back to a decided outcome): safe to retry.
        var (resp, retry) = await TryOnceAsync(region, KvServer.KvResolveLock, req, M.ResolveLockResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
        if (retry) return true;
        if (resp!.Error is { } ke) throw TxnWire.ToException(ke);
        return false;
    }

    /// <summary>True when every key is in one region as the cache knows it now (1PC needs one request).</summary>
    public bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return true;
        var groups = Wait(GroupAsync(keys, NewBackoffer()));
        return groups.Count == 1;
    }

    // ---- routing ----

    private Task<CachedRegion> LocateAsync(byte[] rawKey, Backoffer bo) => _cache.LocateAsync(MvccKey.Encode(rawKey), bo);

    private async Task<List<(CachedRegion Region, List<byte[]> Keys)>> GroupAsync(IReadOnlyList<byte[]> keys, Backoffer bo)
    {
        var groups = new Dictionary<ulong, (CachedRegion Region, List<byte[]> Keys)>();
        var order = new List<ulong>();
        foreach (var k in keys)
        {
            var r = await LocateAsync(k, bo).ConfigureAwait(false);
            if (!groups.TryGetValue(r.Region.Id, out var g))
            {
                groups[r.Region.Id] = g = (r, []);
                order.Add(r.Region.Id);
            }
            g.Keys.Add(k);
        }
        var list = new List<(CachedRegion, List<byte[]>)>(order.Count);
        foreach (var id in order) list.Add(groups[id]);
        return list;
    }

    private sealed class SpansRegionsException() : Exception("the keys span several regions");

    /// <summary>
    /// Sends one request per region (in parallel) for <paramref name="keys"/>; <paramref name="send"/>
    /// returns true when its region must be re-located (a region error was handled), and those keys
    /// are regrouped and sent again. The first exception of any region is raised after all finished.
    /// </summary>
    private async Task ForEachRegionAsync(IReadOnlyList<byte[]> keys, Func<CachedRegion, List<byte[]>, Backoffer, Task<bool>> send,
        Func<List<byte[]>, Task<bool>>? beforeRetry = null)
    {
        var bo = NewBackoffer();
        var pending = new List<byte[]>(keys);
        while (pending.Count > 0)
        {
            var groups = await GroupAsync(pending, bo).ConfigureAwait(false);
            pending = [];
            var tasks = new Task<bool>[groups.Count];
            for (var i = 0; i < groups.Count; i++)
            {
                var (region, ks) = groups[i];
                // Each region gets its own backoffer (they sleep in parallel); budgets are per request as client-go's.
                tasks[i] = groups.Count == 1 ? send(region, ks, bo) : send(region, ks, NewBackoffer());
            }
            Exception? failure = null;
            for (var i = 0; i < tasks.Length; i++)
            {
                try
                {
                    if (await tasks[i].ConfigureAwait(false)) pending.AddRange(groups[i].Keys);
                }
                catch (Exception e)
                {
                    failure ??= e;
                }
            }
            if (failure is not null) throw failure;
            if (pending.Count > 0 && beforeRetry is not null && await beforeRetry(pending).ConfigureAwait(false)) throw new SpansRegionsException();
        }
    }

    /// <summary>One attempt at one region; (response, false) when it answered, (default, true) after a handled retryable error.</summary>
    private async Task<(TResp? Resp, bool Retry)> TryOnceAsync<TResp>(CachedRegion region, string method, IMessage request, MessageParser<TResp> parser,
        Func<TResp, M.RegionError?> regionError, bool isWrite, Backoffer bo)
        where TResp : IMessage<TResp>
    {
        TResp resp;
        try
        {
            resp = await _rpc.CallAsync(region.Leader.StoreId, method, request, parser).ConfigureAwait(false);
        }
        catch (StoreUnreachableException e)
        {
            _cache.SwitchToNextPeer(region.Region.Id);
            await bo.BackoffAsync(BackoffKind.TiKvRpc, e.Message).ConfigureAwait(false);
            return (default, true);
        }
        catch (TimeoutException e)
        {
            if (isWrite) throw new ClusterException($"{method}: {e.Message}; the write may or may not have been applied") { Undetermined = true };
            _cache.SwitchToNextPeer(region.Region.Id);
            await bo.BackoffAsync(BackoffKind.TiKvRpc, e.Message).ConfigureAwait(false);
            return (default, true);
        }
        var err = regionError(resp);
        if (err is null) return (resp, false);
        Interlocked.Increment(ref _regionErrors);
        await _errors.HandleRegionErrorAsync(region, err, isWrite, method, bo).ConfigureAwait(false);
        return (default, true);
    }

    private static M.Mutation ToWire(A.Mutation m) => new()
    {
        Op = m.Op switch
        {
            A.MutationOp.Put => M.Op.Put,
            A.MutationOp.Delete => M.Op.Del,
            A.MutationOp.Lock => M.Op.Lock,
            _ => M.Op.Insert,
        },
        Key = ByteString.CopyFrom(m.Key),
        Value = m.Value is null ? ByteString.Empty : ByteString.CopyFrom(m.Value),
    };

    private static void AddBypass(Google.Protobuf.Collections.RepeatedField<ulong> to, IReadOnlyCollection<ulong>? bypass)
    {
        if (bypass is null) return;
        foreach (var t in bypass) to.Add(t);
    }
}
