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
    public const string RawGet = "RawGet";
    public const string RawBatchGet = "RawBatchGet";
    public const string RawPut = "RawPut";
    public const string RawDelete = "RawDelete";
    public const string RawScan = "RawScan";

    // The transactional service (Txn/TxnService.cs).
    public const string KvGet = "KvGet";
    public const string KvBatchGet = "KvBatchGet";
    public const string KvScan = "KvScan";
    public const string KvPrewrite = "KvPrewrite";
    public const string KvCommit = "KvCommit";
    public const string KvBatchRollback = "KvBatchRollback";
    public const string KvCheckTxnStatus = "KvCheckTxnStatus";
    public const string KvCheckSecondaryLocks = "KvCheckSecondaryLocks";
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

    public static void Register(string method, MessageParser parser, Action<RaftStore, IMessage, Action<IMessage>> handler)
    {
        lock (Extensions) Extensions[method] = (parser, handler);
    }

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
