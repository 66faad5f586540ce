using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;
using Workbench.Storage.Contract;

namespace Workbench.Cluster.Server;

/// <summary>
/// TiKV's raw KV service (tikvpb RawGet/RawBatchGet/RawPut/RawDelete/RawScan) on one store.
/// Runs on the store loop; every answer goes to <c>done</c> on the loop, with a region error when
/// the request reached the wrong place (NotLeader, EpochNotMatch, RegionNotFound, KeyNotInRegion,
/// ServerIsBusy …) so the client can re-route and retry. Reads are linearizable (lease or ReadIndex),
/// writes are applied on every replica through the region's Raft log.
/// </summary>
internal static class RawService
{
    public const int MaxScanLimit = 10_240;

    public static void RawGet(RaftStore store, RawGetRequest req, Action<RawGetResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (!store.IsDataCf(req.Cf))
        {
            done(new RawGetResponse { Error = $"unknown column family '{req.Cf}'" });
            return;
        }
        store.Read(req.Context, [req.Key], err =>
        {
            if (err is not null)
            {
                done(new RawGetResponse { RegionError = err });
                return;
            }
            var v = store.Engine.Get(store.DataCf(req.Cf), req.Key.Span);
            done(v is null ? new RawGetResponse { NotFound = true } : new RawGetResponse { Value = ByteString.CopyFrom(v) });
        });
    }

    public static void RawBatchGet(RaftStore store, RawBatchGetRequest req, Action<RawBatchGetResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (!store.IsDataCf(req.Cf))
        {
            done(new RawBatchGetResponse { RegionError = new RegionError { Message = $"unknown column family '{req.Cf}'" } });
            return;
        }
        store.Read(req.Context, req.Keys, err =>
        {
            var resp = new RawBatchGetResponse { RegionError = err };
            if (err is null)
            {
                var cf = store.DataCf(req.Cf);
                foreach (var k in req.Keys)
                    if (store.Engine.Get(cf, k.Span) is { } v) resp.Pairs.Add(new KvPair { Key = k, Value = ByteString.CopyFrom(v) });
            }
            done(resp);
        });
    }

    public static void RawPut(RaftStore store, RawPutRequest req, Action<RawPutResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (!store.IsDataCf(req.Cf))
        {
            done(new RawPutResponse { Error = $"unknown column family '{req.Cf}'" });
            return;
        }
        store.Write(req.Context, [new Request { CmdType = CmdType.Put, Cf = req.Cf, Key = req.Key, Value = req.Value }],
            err => done(new RawPutResponse { RegionError = err }));
    }

    public static void RawDelete(RaftStore store, RawDeleteRequest req, Action<RawDeleteResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (!store.IsDataCf(req.Cf))
        {
            done(new RawDeleteResponse { Error = $"unknown column family '{req.Cf}'" });
            return;
        }
        store.Write(req.Context, [new Request { CmdType = CmdType.Delete, Cf = req.Cf, Key = req.Key }],
            err => done(new RawDeleteResponse { RegionError = err }));
    }

    /// <summary>Keys in [start_key, min(end_key, region end)), at most <c>limit</c> (the client continues in the next region).</summary>
    public static void RawScan(RaftStore store, RawScanRequest req, Action<RawScanResponse> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(req);
        if (!store.IsDataCf(req.Cf) || req.Limit == 0 || req.Limit > MaxScanLimit)
        {
            done(new RawScanResponse { RegionError = new RegionError { Message = $"bad scan: cf '{req.Cf}', limit {req.Limit} (1..{MaxScanLimit})" } });
            return;
        }
        store.Read(req.Context, [req.StartKey], err =>
        {
            var resp = new RawScanResponse { RegionError = err };
            if (err is not null)
            {
                done(resp);
                return;
            }
            var region = store.RegionOf(req.Context.RegionId)!;
            var upper = region.EndKey.IsEmpty ? req.EndKey : req.EndKey.IsEmpty || req.EndKey.Span.SequenceCompareTo(region.EndKey.Span) > 0 ? region.EndKey : req.EndKey;
            using var it = store.Engine.NewIterator(store.DataCf(req.Cf), new ReadOptions { LowerBound = req.StartKey.ToByteArray(), UpperBound = upper.IsEmpty ? null : upper.ToByteArray() });
            for (it.SeekToFirst(); it.Valid && resp.Kvs.Count < req.Limit; it.Next())
                resp.Kvs.Add(new KvPair { Key = ByteString.CopyFrom(it.Key), Value = req.KeyOnly ? ByteString.Empty : ByteString.CopyFrom(it.Value) });
            done(resp);
        });
    }
}
