using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;
using Workbench.Cluster.Txn;

namespace Workbench.Cluster.Server;

/// <summary>
/// The store's service by kvproto method name: decodes (for the wire) and dispatches to
/// <see cref="RawService"/> and <see cref="TxnService"/>. Runs on the store loop; <c>done</c> gets the response message.
/// </summary>
public static class KvServer
{
    /// <summary>kvproto method: raw get of one key.</summary>
    public const string RawGet = "RawGet";
    /// <summary>kvproto method: raw get of many keys.</summary>
    public const string RawBatchGet = "RawBatchGet";
    /// <summary>kvproto method: raw put through Raft.</summary>
    public const string RawPut = "RawPut";
    /// <summary>kvproto method: raw delete through Raft.</summary>
    public const string RawDelete = "RawDelete";
    /// <summary>kvproto method: raw range scan.</summary>
    public const string RawScan = "RawScan";

    // The transactional service (Txn/TxnService.cs).
    /// <summary>kvproto method: transactional get of one key at a ts.</summary>
    public const string KvGet = "KvGet";
    /// <summary>kvproto method: transactional batch get at a ts.</summary>
    public const string KvBatchGet = "KvBatchGet";
    /// <summary>kvproto method: transactional scan at a ts.</summary>
    public const string KvScan = "KvScan";
    /// <summary>kvproto method: Percolator prewrite.</summary>
    public const string KvPrewrite = "KvPrewrite";
    /// <summary>kvproto method: Percolator commit.</summary>
    public const string KvCommit = "KvCommit";
    /// <summary>kvproto method: batch rollback.</summary>
    public const string KvBatchRollback = "KvBatchRollback";
    /// <summary>kvproto method: check_txn_status on a primary.</summary>
    public const string KvCheckTxnStatus = "KvCheckTxnStatus";
    /// <summary>kvproto method: check_secondary_locks (async commit recovery).</summary>
    public const string KvCheckSecondaryLocks = "KvCheckSecondaryLocks";
    /// <summary>kvproto method: resolve_lock.</summary>
    public const string KvResolveLock = "KvResolveLock";

    private static readonly Dictionary<string, MessageParser> Parsers = new(StringComparer.Ordinal)
    {
        [RawGet] = RawGetRequest.Parser,
        [RawBatchGet] = RawBatchGetRequest.Parser,
        [RawPut] = RawPutRequest.Parser,
        [RawDelete] = RawDeleteRequest.Parser,
        [RawScan] = RawScanRequest.Parser,
        [KvGet] = GetRequest.Parser,
        [KvBatchGet] = BatchGetRequest.Parser,
        [KvScan] = ScanRequest.Parser,
        [KvPrewrite] = PrewriteRequest.Parser,
        [KvCommit] = CommitRequest.Parser,
        [KvBatchRollback] = BatchRollbackRequest.Parser,
        [KvCheckTxnStatus] = CheckTxnStatusRequest.Parser,
        [KvCheckSecondaryLocks] = CheckSecondaryLocksRequest.Parser,
        [KvResolveLock] = ResolveLockRequest.Parser,
    };

    /// <summary>Extra methods (the transactional service, registered by the layer that provides it).</summary>
    private static readonly Dictionary<string, (MessageParser Parser, Action<RaftStore, IMessage, Action<IMessage>> Handler)> Extensions = new(StringComparer.Ordinal);

    /// <summary>Adds a method beyond the built-in ones (e.g. the node's FlushEngines); <paramref name="handler"/> runs on the store loop.</summary>
    public static void Register(string method, MessageParser parser, Action<RaftStore, IMessage, Action<IMessage>> handler)
    {
        lock (Extensions) Extensions[method] = (parser, handler);
    }

    /// <summary>Decodes <paramref name="body"/> as the request message of <paramref name="method"/>; false for an unknown method.</summary>
    public static bool TryParse(string method, ByteString body, out IMessage request)
    {
        MessageParser? parser = Parsers.GetValueOrDefault(method);
        if (parser is null)
            lock (Extensions)
                if (Extensions.TryGetValue(method, out var ext)) parser = ext.Parser;
        request = null!;
        if (parser is null) return false;
        request = parser.ParseFrom(body);
        return true;
    }

    /// <summary>
    /// Flow control on the receiving thread, before the request is posted to the store loop (so a
    /// store whose loop is held by an engine stall still answers): a write (RawPut, RawDelete,
    /// KvPrewrite, KvCommit) is admitted or refused by <see cref="RaftStore.Flow"/>. Returns null when
    /// admitted — the caller then runs <see cref="Handle"/> on the loop with <paramref name="answer"/>,
    /// which releases the write's bytes once answered — or the ServerIsBusy response to send now.
    /// Other methods are always admitted (reads, and the cleanup commands that release locks:
    /// rollback, resolve lock, check txn status). Thread-safe.
    /// </summary>
    public static IMessage? Admit(RaftStore store, string method, IMessage request, Action<IMessage> done, out Action<IMessage> answer)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        answer = done;
        var gated = method switch
        {
            RawPut => request is RawPutRequest,
            RawDelete => request is RawDeleteRequest,
            KvPrewrite => request is PrewriteRequest,
            KvCommit => request is CommitRequest,
            _ => false,
        };
        if (!gated) return null; // not a write, or a request of the wrong type (Handle refuses it without answering)
        long bytes = request.CalculateSize();
        if (store.Flow.TryAdmit(bytes) is { } busy)
        {
            var err = new RegionError { Message = $"store {store.StoreId} is busy: {busy.Reason}", ServerIsBusy = busy };
            return method switch
            {
                RawPut => new RawPutResponse { RegionError = err },
                RawDelete => new RawDeleteResponse { RegionError = err },
                KvPrewrite => new PrewriteResponse { RegionError = err },
                _ => new CommitResponse { RegionError = err },
            };
        }
        var flow = store.Flow;
        var released = 0;
        answer = resp =>
        {
            if (Interlocked.Exchange(ref released, 1) == 0) flow.Release(bytes);
            done(resp);
        };
        return null;
    }

    /// <summary>Runs <paramref name="method"/>; throws <see cref="ArgumentException"/> for an unknown method or a request of the wrong type.</summary>
    public static void Handle(RaftStore store, string method, IMessage request, Action<IMessage> done)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        switch (method)
        {
            case RawGet: RawService.RawGet(store, As<RawGetRequest>(method, request), done); return;
            case RawBatchGet: RawService.RawBatchGet(store, As<RawBatchGetRequest>(method, request), done); return;
            case RawPut: RawService.RawPut(store, As<RawPutRequest>(method, request), done); return;
            case RawDelete: RawService.RawDelete(store, As<RawDeleteRequest>(method, request), done); return;
            case RawScan: RawService.RawScan(store, As<RawScanRequest>(method, request), done); return;
            case KvGet: TxnService.KvGet(store, As<GetRequest>(method, request), done); return;
            case KvBatchGet: TxnService.KvBatchGet(store, As<BatchGetRequest>(method, request), done); return;
            case KvScan: TxnService.KvScan(store, As<ScanRequest>(method, request), done); return;
            case KvPrewrite: TxnService.KvPrewrite(store, As<PrewriteRequest>(method, request), done); return;
            case KvCommit: TxnService.KvCommit(store, As<CommitRequest>(method, request), done); return;
            case KvBatchRollback: TxnService.KvBatchRollback(store, As<BatchRollbackRequest>(method, request), done); return;
            case KvCheckTxnStatus: TxnService.KvCheckTxnStatus(store, As<CheckTxnStatusRequest>(method, request), done); return;
            case KvCheckSecondaryLocks: TxnService.KvCheckSecondaryLocks(store, As<CheckSecondaryLocksRequest>(method, request), done); return;
            case KvResolveLock: TxnService.KvResolveLock(store, As<ResolveLockRequest>(method, request), done); return;
        }
        (MessageParser Parser, Action<RaftStore, IMessage, Action<IMessage>> Handler) ext;
        lock (Extensions)
            if (!Extensions.TryGetValue(method, out ext)) throw new ArgumentException($"unknown method '{method}'");
        ext.Handler(store, request, done);
    }

    private static T As<T>(string method, IMessage m) where T : class, IMessage =>
        m as T ?? throw new ArgumentException($"{method} takes a {typeof(T).Name}, got a {m.GetType().Name}");
}
