using Google.Protobuf;
using Workbench.Cluster.Store;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;
using A = Workbench.Txn.Actions;
using M = Workbench.Cluster.Messages;
using R = Workbench.Txn.Actions.Requests;

namespace Workbench.Cluster.Txn;

/// <summary>
/// TiKV's transactional service and scheduler on one store (kvproto's KvGet, KvBatchGet, KvScan,
/// KvPrewrite, KvCommit, KvBatchRollback, KvCheckTxnStatus, KvCheckSecondaryLocks, KvResolveLock),
/// running the Workbench.Txn actions unchanged on the region's leader. A write command: region,
/// epoch and key-in-region checks for every key → latches (a callback when free, never a blocked
/// loop) → a leader-checked read (lease or ReadIndex, as the raw service) → an engine snapshot of
/// the region → the action → its modifications proposed through the region's Raft log as
/// Put/Delete on CFs lock/write/default → the answer once applied, then memory locks and latches
/// are released. Reads raise max_ts before the snapshot and re-read when a prewrite released memory
/// locks in between (TxnStorage's rule). Keys travel raw; regions are checked in the
/// memcomparable-encoded space (<see cref="MvccKey.Encode"/>), TiKV's choice. Runs on the store loop.
/// </summary>
internal static class TxnService
{
    public const int MaxScanLimit = 10_240;

    // ---- reads ----

    public static void KvGet(RaftStore store, M.GetRequest req, Action<M.GetResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var key = req.Key.ToByteArray();
        var bypass = Bypass(req.ResolvedLocks);
        Read(store, req.Context, [Encoded(key)], req.Version, (snap, cm) => A.PointGet.Execute(snap, key, req.Version, cm, bypass),
            (rerr, kerr, v) => done(rerr is not null ? new M.GetResponse { RegionError = rerr }
                : kerr is not null ? new M.GetResponse { Error = kerr }
                : v is null ? new M.GetResponse { NotFound = true } : new M.GetResponse { Value = ByteString.CopyFrom(v) }));
    }

    public static void KvBatchGet(RaftStore store, M.BatchGetRequest req, Action<M.BatchGetResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var keys = Raw(req.Keys);
        var bypass = Bypass(req.ResolvedLocks);
        Read(store, req.Context, EncodedAll(keys), req.Version, (snap, cm) => A.BatchGet.Execute(snap, keys, req.Version, cm, bypass),
            (rerr, kerr, pairs) =>
            {
                var resp = new M.BatchGetResponse { RegionError = rerr, Error = kerr };
                if (pairs is not null) AddPairs(resp.Pairs, pairs);
                done(resp);
            });
    }

    /// <summary>Keys in [start, end) ∩ the region, at most limit (the client continues in the next region).</summary>
    public static void KvScan(RaftStore store, M.ScanRequest req, Action<M.ScanResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (req.Limit == 0 || req.Limit > MaxScanLimit)
        {
            done(new M.ScanResponse { RegionError = new M.RegionError { Message = $"bad scan: limit {req.Limit} (1..{MaxScanLimit})" } });
            return;
        }
        var start = req.StartKey.ToByteArray();
        byte[]? end = req.EndKey.IsEmpty ? null : req.EndKey.ToByteArray();
        var bypass = Bypass(req.ResolvedLocks);
        Read(store, req.Context, [Encoded(start)], req.Version, (snap, cm) => A.Scan.Execute(snap, start, end, (int)req.Limit, req.Version, cm, bypass, req.KeyOnly),
            (rerr, kerr, pairs) =>
            {
                var resp = new M.ScanResponse { RegionError = rerr, Error = kerr };
                if (pairs is not null) AddPairs(resp.Pairs, pairs);
                done(resp);
            });
    }

    // ---- writes ----

    public static void KvPrewrite(RaftStore store, M.PrewriteRequest req, Action<M.PrewriteResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var muts = new R.Mutation[req.Mutations.Count];
        var keys = new byte[muts.Length][];
        for (var i = 0; i < muts.Length; i++)
        {
            var m = req.Mutations[i];
            var op = m.Op switch
            {
                M.Op.Put => R.MutationOp.Put,
                M.Op.Del => R.MutationOp.Delete,
                M.Op.Lock => R.MutationOp.Lock,
                M.Op.Insert => R.MutationOp.Insert,
                _ => (R.MutationOp)(-1),
            };
            if ((int)op < 0)
            {
                done(new M.PrewriteResponse { Errors = { new M.KeyError { Abort = $"prewrite: mutation op {m.Op} is not served (optimistic transactions only)" } } });
                return;
            }
            keys[i] = m.Key.ToByteArray();
            muts[i] = new R.Mutation(op, keys[i], op is R.MutationOp.Put or R.MutationOp.Insert ? m.Value.ToByteArray() : null);
        }
        var request = new R.PrewriteRequest
        {
            Mutations = muts,
            Primary = req.PrimaryLock.ToByteArray(),
            StartTs = req.StartVersion,
            LockTtl = req.LockTtl,
            TxnSize = req.TxnSize,
            MinCommitTs = req.MinCommitTs,
            UseAsyncCommit = req.UseAsyncCommit,
            Secondaries = Raw(req.Secondaries),
            TryOnePc = req.TryOnePc,
        };
        var st = StoreTxnState.Of(store);
        var needsMaxTs = req.UseAsyncCommit || req.TryOnePc;
        Write(store, req.Context, keys, needsMaxTs, snap => A.Prewrite.Execute(snap, request, st.Concurrency),
            r => { if (r.MemoryLockedKeys.Count > 0) st.Concurrency.ReleaseKeys(r.MemoryLockedKeys); },
            (rerr, kerr, r) =>
            {
                var resp = new M.PrewriteResponse { RegionError = rerr };
                if (kerr is not null) resp.Errors.Add(kerr);
                if (r is not null)
                {
                    resp.MinCommitTs = r.MinCommitTs;
                    resp.OnePcCommitTs = r.OnePcCommitTs;
                }
                done(resp);
            });
    }

    public static void KvCommit(RaftStore store, M.CommitRequest req, Action<M.CommitResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var keys = Raw(req.Keys);
        var request = new R.CommitRequest(keys, req.StartVersion, req.CommitVersion);
        Write(store, req.Context, keys, false, snap => A.Commit.Execute(snap, request), null,
            (rerr, kerr, _) => done(new M.CommitResponse { RegionError = rerr, Error = kerr, CommitVersion = rerr is null && kerr is null ? req.CommitVersion : 0 }));
    }

    public static void KvBatchRollback(RaftStore store, M.BatchRollbackRequest req, Action<M.BatchRollbackResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var keys = Raw(req.Keys);
        var request = new R.RollbackRequest(keys, req.StartVersion);
        Write(store, req.Context, keys, false, snap => A.Rollback.Execute(snap, request), null,
            (rerr, kerr, _) => done(new M.BatchRollbackResponse { RegionError = rerr, Error = kerr }));
    }

    public static void KvCheckTxnStatus(RaftStore store, M.CheckTxnStatusRequest req, Action<M.CheckTxnStatusResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var primary = req.PrimaryKey.ToByteArray();
        var request = new R.CheckTxnStatusRequest
        {
            PrimaryKey = primary,
            LockTs = req.LockTs,
            CallerStartTs = req.CallerStartTs,
            CurrentTs = req.CurrentTs,
            RollbackIfNotExist = req.RollbackIfNotExist,
            ForceSyncCommit = req.ForceSyncCommit,
        };
        var st = StoreTxnState.Of(store);
        Write(store, req.Context, [primary], false, snap => A.CheckTxnStatus.Execute(snap, request, st.Concurrency), null,
            (rerr, kerr, s) =>
            {
                var resp = new M.CheckTxnStatusResponse { RegionError = rerr, Error = kerr };
                if (s is not null)
                {
                    resp.Kind = (M.TxnStatusKind)(int)s.Kind;
                    resp.CommitVersion = s.CommitTs;
                    resp.MinCommitTsPushed = s.MinCommitTsPushed;
                    if (s.Lock is { } l)
                    {
                        resp.LockInfo = TxnWire.ToWire(new LockInfo(primary, l));
                        resp.LockTtl = l.Ttl;
                    }
                }
                done(resp);
            });
    }

    public static void KvCheckSecondaryLocks(RaftStore store, M.CheckSecondaryLocksRequest req, Action<M.CheckSecondaryLocksResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        var keys = Raw(req.Keys);
        var request = new R.CheckSecondaryLocksRequest(keys, req.StartVersion);
        Write(store, req.Context, keys, false, snap => A.CheckSecondaryLocks.Execute(snap, request), null,
            (rerr, kerr, s) =>
            {
                var resp = new M.CheckSecondaryLocksResponse { RegionError = rerr, Error = kerr };
                if (s is not null)
                {
                    resp.CommitTs = s.Kind == R.SecondaryLocksStatusKind.Committed ? s.CommitTs : 0;
                    resp.RolledBack = s.Kind == R.SecondaryLocksStatusKind.RolledBack;
                    foreach (var l in s.Locks) resp.Locks.Add(TxnWire.ToWire(l));
                }
                done(resp);
            });
    }

    /// <summary>With keys: resolve those. Without: a read phase finds every lock of the txn in the region, then a write phase under their latches (TiKV's ResolveLockReadPhase).</summary>
    public static void KvResolveLock(RaftStore store, M.ResolveLockRequest req, Action<M.ResolveLockResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        void WritePhase(IReadOnlyList<byte[]> keys)
        {
            var request = new R.ResolveLockRequest(req.StartVersion, req.CommitVersion, keys);
            Write(store, req.Context, keys, false, snap => A.ResolveLock.Execute(snap, request), null,
                (rerr, kerr, _) => done(new M.ResolveLockResponse { RegionError = rerr, Error = kerr }));
        }
        if (req.Keys.Count > 0)
        {
            WritePhase(Raw(req.Keys));
            return;
        }
        Read(store, req.Context, [], 0, (snap, _) => A.ResolveLock.ScanLockedKeys(snap, req.StartVersion), (rerr, kerr, keys) =>
        {
            if (rerr is not null || kerr is not null) done(new M.ResolveLockResponse { RegionError = rerr, Error = kerr });
            else if (keys!.Count == 0) done(new M.ResolveLockResponse());
            else WritePhase(keys);
        });
    }

    // ---- the scheduler ----

    private static void Read<T>(RaftStore store, M.Context ctx, IReadOnlyList<ByteString> encodedKeys, ulong ts,
        Func<IKvSnapshot, A.ConcurrencyManager, T> read, Action<M.RegionError?, M.KeyError?, T?> respond)
    {
        var st = StoreTxnState.Of(store);
        store.Read(ctx, encodedKeys, err =>
        {
            if (err is not null)
            {
                respond(err, null, default);
                return;
            }
            var region = store.RegionOf(ctx.RegionId)!;
            if (ts != 0) st.Concurrency.UpdateMaxTs(ts);
            try
            {
                while (true)
                {
                    var before = st.Concurrency.Releases;
                    T result;
                    using (var snap = new RegionKvSnapshot(store, region)) result = read(snap, st.Concurrency);
                    if (st.Concurrency.Releases == before)
                    {
                        respond(null, null, result);
                        return;
                    }
                }
            }
            catch (Exception e) when (TxnWire.ToKeyError(e) is { } ke)
            {
                respond(null, ke, default);
            }
            catch (ArgumentException e)
            {
                // A malformed request: one clear answer to its sender, the store loop goes on.
                respond(null, new M.KeyError { Abort = "bad request: " + e.Message }, default);
            }
        });
    }

    private static void Write<T>(RaftStore store, M.Context ctx, IReadOnlyList<byte[]> keys, bool needsMaxTs,
        Func<IKvSnapshot, A.ActionResult<T>> action, Action<T>? cleanup, Action<M.RegionError?, M.KeyError?, T?> respond)
    {
        var err = store.Check(ctx, out var peer);
        var encoded = EncodedAll(keys);
        if (err is null)
            foreach (var k in encoded)
                if ((err = RaftStore.CheckKey(peer, k)) is not null) break;
        if (err is not null)
        {
            respond(err, null, default);
            return;
        }
        var st = StoreTxnState.Of(store);
        var latchKeys = new byte[encoded.Length][];
        for (var i = 0; i < latchKeys.Length; i++) latchKeys[i] = encoded[i].ToByteArray();
        st.Latches.Acquire(latchKeys, latch =>
        {
            void Finish(M.RegionError? re, M.KeyError? ke, T? r)
            {
                st.Latches.Release(latch);
                respond(re, ke, r);
            }
            store.Read(ctx, encoded, rerr =>
            {
                if (rerr is not null)
                {
                    Finish(rerr, null, default);
                    return;
                }
                if (needsMaxTs)
                {
                    var p = store.Check(ctx, out var leader);
                    if (p is not null)
                    {
                        Finish(p, null, default);
                        return;
                    }
                    if (!st.EnsureMaxTsSynced(ctx.RegionId, leader.Term, out var why))
                    {
                        Finish(null, new M.KeyError { Abort = why! }, default);
                        return;
                    }
                }
                A.ActionResult<T> r;
                try
                {
                    using var snap = new RegionKvSnapshot(store, store.RegionOf(ctx.RegionId)!);
                    r = action(snap);
                }
                catch (Exception e) when (TxnWire.ToKeyError(e) is { } ke)
                {
                    Finish(null, ke, default);
                    return;
                }
                catch (ArgumentException e)
                {
                    Finish(null, new M.KeyError { Abort = "bad request: " + e.Message }, default);
                    return;
                }
                if (r.Writes.IsEmpty)
                {
                    cleanup?.Invoke(r.Result);
                    Finish(null, null, r.Result);
                    return;
                }
                var requests = new List<M.Request>(r.Writes.Modifies.Count);
                foreach (var m in r.Writes.Modifies)
                    requests.Add(m.IsDelete
                        ? new M.Request { CmdType = M.CmdType.Delete, Cf = m.Cf.Name(), Key = ByteString.CopyFrom(m.Key) }
                        : new M.Request { CmdType = M.CmdType.Put, Cf = m.Cf.Name(), Key = ByteString.CopyFrom(m.Key), Value = ByteString.CopyFrom(m.Value) });
                store.Write(ctx, requests, werr =>
                {
                    cleanup?.Invoke(r.Result);
                    if (werr is null) st.Stats.Add(r.Writes);
                    Finish(werr, null, werr is null ? r.Result : default);
                });
            });
        });
    }

    // ---- helpers ----

    private static HashSet<ulong>? Bypass(IReadOnlyList<ulong> resolved)
    {
        if (resolved.Count == 0) return null;
        var set = new HashSet<ulong>();
        foreach (var t in resolved) set.Add(t);
        return set;
    }

    private static ByteString Encoded(byte[] key) => UnsafeByteOperations.UnsafeWrap(MvccKey.Encode(key));

    private static ByteString[] EncodedAll(IReadOnlyList<byte[]> keys)
    {
        var r = new ByteString[keys.Count];
        for (var i = 0; i < r.Length; i++) r[i] = Encoded(keys[i]);
        return r;
    }

    private static byte[][] Raw(IReadOnlyList<ByteString> keys)
    {
        var r = new byte[keys.Count][];
        for (var i = 0; i < r.Length; i++) r[i] = keys[i].ToByteArray();
        return r;
    }

    private static void AddPairs(Google.Protobuf.Collections.RepeatedField<M.KvPair> to, IReadOnlyList<R.KvPair> pairs)
    {
        foreach (var p in pairs) to.Add(new M.KvPair { Key = ByteString.CopyFrom(p.Key), Value = ByteString.CopyFrom(p.Value) });
    }
}
