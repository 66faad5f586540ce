using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Server;

namespace Workbench.Cluster.Client;

/// <summary>
/// The raw KV client (client-go's rawkv): routes each key to its region's leader through the
/// <see cref="RegionCache"/>, retries region errors with client-go's backoffs (NotLeader → the new
/// leader now, or the next peer after regionScheduling; EpochNotMatch → the current regions;
/// RegionNotFound/KeyNotInRegion → re-locate after regionMiss; ServerIsBusy → tikvServerBusy;
/// StaleCommand → staleCommand; an unreachable store → tikvRPC and the next peer), and splits
/// batches per region. A write whose outcome is unknown (it timed out after reaching a leader)
/// is not retried: it fails with <see cref="ClusterException.Undetermined"/>. Thread-safe.
/// </summary>
public sealed class RawClient(RegionCache cache, IStoreRpc rpc, IClusterClock clock, Random random, int maxBackoffMs = 20_000)
{
    /// <summary>The region cache the client routes through.</summary>
    public RegionCache Cache => cache;

    /// <summary>Region errors seen and retried (by kind), for reports.</summary>
    public long RegionErrors => Interlocked.Read(ref _regionErrors);

    private long _regionErrors;
    private long _serverBusy, _serverBusyMs;

    /// <summary>ServerIsBusy answers met and retried after a tikvServerBusy backoff.</summary>
    public long ServerBusyReplies => Interlocked.Read(ref _serverBusy);

    /// <summary>Milliseconds slept in tikvServerBusy backoffs.</summary>
    public long ServerBusyBackoffMs => Interlocked.Read(ref _serverBusyMs);

    /// <summary>Called with the milliseconds of each tikvServerBusy backoff (after the sleep), e.g. to count them in a txn client's stats.</summary>
    public Action<long>? OnServerBusy { get; set; }

    private Backoffer NewBackoffer() => new(clock, random, maxBackoffMs);

    /// <summary>The value of <paramref name="key"/> in column family <paramref name="cf"/> ("" = default) read from the region leader, or null.</summary>
    public async Task<byte[]?> GetAsync(byte[] key, string cf = "")
    {
        var resp = await SendAsync(key, ctx => new RawGetRequest { Context = ctx, Key = ByteString.CopyFrom(key), Cf = cf }, KvServer.RawGet, RawGetResponse.Parser, r => r.RegionError, isWrite: false).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(resp.Error)) throw new ClusterException("RawGet: " + resp.Error);
        return resp.NotFound ? null : resp.Value.ToByteArray();
    }

    /// <summary>Writes <paramref name="key"/> → <paramref name="value"/> through the region's Raft group; returns once applied.</summary>
    public async Task PutAsync(byte[] key, byte[] value, string cf = "")
    {
        var resp = await SendAsync(key, ctx => new RawPutRequest { Context = ctx, Key = ByteString.CopyFrom(key), Value = ByteString.CopyFrom(value), Cf = cf }, KvServer.RawPut, RawPutResponse.Parser, r => r.RegionError, isWrite: true).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(resp.Error)) throw new ClusterException("RawPut: " + resp.Error);
    }

    /// <summary>Deletes <paramref name="key"/> through the region's Raft group; returns once applied.</summary>
    public async Task DeleteAsync(byte[] key, string cf = "")
    {
        var resp = await SendAsync(key, ctx => new RawDeleteRequest { Context = ctx, Key = ByteString.CopyFrom(key), Cf = cf }, KvServer.RawDelete, RawDeleteResponse.Parser, r => r.RegionError, isWrite: true).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(resp.Error)) throw new ClusterException("RawDelete: " + resp.Error);
    }

    /// <summary>The values found, keyed by key; one RawBatchGet per region the keys fall in.</summary>
    public async Task<Dictionary<byte[], byte[]>> BatchGetAsync(IReadOnlyList<byte[]> keys, string cf = "")
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<byte[], byte[]>(Workbench.Storage.Encoding.ByteKeyComparer.Instance);
        var pending = new List<byte[]>(keys);
        var bo = NewBackoffer();
        while (pending.Count > 0)
        {
            // Group by the region the cache places each key in; keys whose batch fails are regrouped.
            var groups = new Dictionary<ulong, (CachedRegion Region, List<byte[]> Keys)>();
            foreach (var k in pending)
            {
                var r = await cache.LocateAsync(k, bo).ConfigureAwait(false);
                if (!groups.TryGetValue(r.Region.Id, out var g)) groups[r.Region.Id] = g = (r, []);
                g.Keys.Add(k);
            }
            pending.Clear();
            var tasks = new List<Task<(List<byte[]> Keys, RawBatchGetResponse? Resp)>>();
            foreach (var (_, g) in groups) tasks.Add(BatchGetOneAsync(g.Region, g.Keys, cf, bo));
            foreach (var t in tasks)
            {
                var (ks, resp) = await t.ConfigureAwait(false);
                if (resp is null)
                {
                    pending.AddRange(ks);
                    continue;
                }
                foreach (var kv in resp.Pairs) result[kv.Key.ToByteArray()] = kv.Value.ToByteArray();
            }
        }
        return result;
    }

    private async Task<(List<byte[]>, RawBatchGetResponse?)> BatchGetOneAsync(CachedRegion region, List<byte[]> keys, string cf, Backoffer bo)
    {
        var req = new RawBatchGetRequest { Context = region.Context(), Cf = cf };
        foreach (var k in keys) req.Keys.Add(ByteString.CopyFrom(k));
        var (resp, retry) = await TryOnceAsync(region, KvServer.RawBatchGet, req, RawBatchGetResponse.Parser, r => r.RegionError, false, bo).ConfigureAwait(false);
        return (keys, retry ? null : resp);
    }

    /// <summary>Up to <paramref name="limit"/> pairs with keys in [start, end) (end empty = no bound), region by region.</summary>
    public async Task<List<KvPair>> ScanAsync(byte[] start, byte[]? end, int limit, bool keyOnly = false, string cf = "")
    {
        ArgumentNullException.ThrowIfNull(start);
        var result = new List<KvPair>();
        var from = start;
        while (result.Count < limit)
        {
            Region? scanned = null;
            var resp = await SendAsync(from, ctx => new RawScanRequest
            {
                Context = ctx,
                StartKey = ByteString.CopyFrom(from),
                EndKey = end is null ? ByteString.Empty : ByteString.CopyFrom(end),
                Limit = (uint)Math.Min(limit - result.Count, RawService.MaxScanLimit),
                KeyOnly = keyOnly,
                Cf = cf,
            }, KvServer.RawScan, RawScanResponse.Parser, r => r.RegionError, isWrite: false, onRegion: r => scanned = r).ConfigureAwait(false);
            result.AddRange(resp.Kvs);
            if (result.Count >= limit || scanned is null || scanned.EndKey.IsEmpty) break;
            if (end is not null && scanned.EndKey.Span.SequenceCompareTo(end) >= 0) break;
            from = scanned.EndKey.ToByteArray();
        }
        return result;
    }

    private async Task<TResp> SendAsync<TResp>(byte[] key, Func<Context, IMessage> build, string method, MessageParser<TResp> parser,
        Func<TResp, RegionError?> regionError, bool isWrite, Action<Region>? onRegion = null)
        where TResp : IMessage<TResp>
    {
        var bo = NewBackoffer();
        while (true)
        {
            var region = await cache.LocateAsync(key, bo).ConfigureAwait(false);
            var (resp, retry) = await TryOnceAsync(region, method, build(region.Context()), parser, regionError, isWrite, bo).ConfigureAwait(false);
            if (retry) continue;
            onRegion?.Invoke(region.Region);
            return resp!;
        }
    }

    /// <summary>One attempt at one region; (response, false) when done, (default, true) after handling a retryable error.</summary>
    private async Task<(TResp? Resp, bool Retry)> TryOnceAsync<TResp>(CachedRegion region, string method, IMessage request, MessageParser<TResp> parser,
        Func<TResp, RegionError?> regionError, bool isWrite, Backoffer bo)
        where TResp : IMessage<TResp>
    {
        TResp resp;
        try
        {
            resp = await rpc.CallAsync(region.Leader.StoreId, method, request, parser).ConfigureAwait(false);
        }
        catch (StoreUnreachableException e)
        {
            cache.SwitchToNextPeer(region.Region.Id);
            await bo.BackoffAsync(BackoffKind.TiKvRpc, e.Message).ConfigureAwait(false);
            return (default, true);
        }
        catch (TimeoutException e)
        {
            if (isWrite) throw new ClusterException($"{method}: {e.Message}; the write may or may not have been applied") { Undetermined = true };
            cache.SwitchToNextPeer(region.Region.Id);
            await bo.BackoffAsync(BackoffKind.TiKvRpc, e.Message).ConfigureAwait(false);
            return (default, true);
        }
        var err = regionError(resp);
        if (err is null) return (resp, false);
        Interlocked.Increment(ref _regionErrors);
        await HandleRegionErrorAsync(region, err, isWrite, method, bo).ConfigureAwait(false);
        return (default, true);
    }

    /// <summary>client-go's onRegionError: update the cache and back off as the error asks (throws when the budget is spent or the error is final).</summary>
    internal async Task HandleRegionErrorAsync(CachedRegion region, RegionError err, bool isWrite, string method, Backoffer bo)
    {
        var id = region.Region.Id;
        if (err.Undetermined)
        {
            if (isWrite) throw new ClusterException($"{method}: {err.Message}") { Undetermined = true };
            await bo.BackoffAsync(BackoffKind.StaleCommand, err.Message).ConfigureAwait(false);
            return;
        }
        if (err.NotLeader is { } nl)
        {
            if (nl.Leader is { Id: not 0 } leader && leader.Id != region.Leader.Id && cache.UpdateLeader(id, leader)) return; // retry at once
            cache.SwitchToNextPeer(id);
            await bo.BackoffAsync(BackoffKind.RegionScheduling, err.Message).ConfigureAwait(false);
            return;
        }
        if (err.EpochNotMatch is { } enm)
        {
            cache.OnEpochNotMatch(region, enm.CurrentRegions);
            if (enm.CurrentRegions.Count == 0) await bo.BackoffAsync(BackoffKind.RegionMiss, err.Message).ConfigureAwait(false);
            return;
        }
        if (err.ServerIsBusy is { } busy)
        {
            Interlocked.Increment(ref _serverBusy);
            var before = bo.ExcludedSleptMs;
            await bo.BackoffAsync(BackoffKind.ServerBusy, err.Message, (int)Math.Min(busy.BackoffMs, 10_000)).ConfigureAwait(false);
            var slept = bo.ExcludedSleptMs - before;
            Interlocked.Add(ref _serverBusyMs, slept);
            OnServerBusy?.Invoke(slept);
            return;
        }
        if (err.StaleCommand is not null)
        {
            await bo.BackoffAsync(BackoffKind.StaleCommand, err.Message).ConfigureAwait(false);
            return;
        }
        if (err.RegionNotFound is not null || err.KeyNotInRegion is not null || err.StoreNotMatch is not null)
        {
            cache.Invalidate(id);
            await bo.BackoffAsync(BackoffKind.RegionMiss, err.Message).ConfigureAwait(false);
            return;
        }
        throw new ClusterException($"{method}: {err.Message}");
    }
}
