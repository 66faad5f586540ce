using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;

namespace Workbench.Cluster.Net;

/// <summary>
/// TiKV's raft client over TCP: Raft messages to other stores as one-way <c>BatchRaft</c> frames
/// (request id 0, Net/FORMAT.md). One outbound link per destination store: a bounded queue (full →
/// the message is dropped; Raft retransmits), drained by one task that resolves the store's address
/// through PD, connects, writes every queued message as one batch frame and flushes, and on any
/// error reconnects with backoff from 50 ms doubling to 1 s (asking PD for the address again).
/// <see cref="Send"/> is thread-safe and never blocks (the store loop calls it).
/// </summary>
public sealed class TcpStoreTransport(IPdRpc pd, int queueCapacity = 4096) : IStoreTransport, IAsyncDisposable
{
    /// <summary>The one-way method name of Raft message batches between stores.</summary>
    public const string BatchRaft = "BatchRaft";
    private const int MaxBatch = 256;

    private readonly ConcurrentDictionary<ulong, Link> _links = new();
    private readonly CancellationTokenSource _cts = new();
    private long _dropped;
    private long _faultDropped;
    private volatile HashSet<ulong> _cutOff = [];

    /// <summary>Messages dropped because a queue was full or a connection broke with them in flight.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages dropped by the partition test hook (<see cref="CutOff"/>), sent or received.</summary>
    public long FaultDropped => Interlocked.Read(ref _faultDropped);

    /// <summary>
    /// Test hook (Jepsen's partition nemesis on the tcp topology, reached through NodeHost's
    /// <c>FaultDropRaft</c> control method): Raft messages to and from these stores are dropped
    /// from now on, as a network partition would; an empty set heals. Client RPCs are untouched.
    /// </summary>
    public void CutOff(IEnumerable<ulong> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _cutOff = [.. stores];
    }

    /// <summary>Whether a message received from <paramref name="storeId"/> is dropped by the partition hook (counted if so).</summary>
    public bool DropsFrom(ulong storeId)
    {
        var cut = _cutOff;
        if (cut.Count == 0 || !cut.Contains(storeId)) return false;
        Interlocked.Increment(ref _faultDropped);
        return true;
    }

    /// <inheritdoc/>
    public void Send(RaftMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var storeId = message.ToPeer.StoreId;
        if (_cts.IsCancellationRequested || DropsFrom(storeId)) return;
        var link = _links.GetOrAdd(storeId, id => new Link(this, id, queueCapacity));
        if (!link.Queue.Writer.TryWrite(message)) Interlocked.Increment(ref _dropped);
    }

    private sealed class Link
    {
        private readonly TcpStoreTransport _owner;
        private readonly ulong _storeId;

        public Link(TcpStoreTransport owner, ulong storeId, int capacity)
        {
            _owner = owner;
            _storeId = storeId;
            Queue = Channel.CreateBounded<RaftMessage>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
            Loop = Task.Run(RunAsync);
        }

        public Channel<RaftMessage> Queue { get; }
        public Task Loop { get; }

        private async Task RunAsync()
        {
            var ct = _owner._cts.Token;
            var backoff = TimeSpan.FromMilliseconds(50);
            var batch = new BatchRaftMessage();
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var store = (await _owner.Pd.GetStoreAsync(_storeId).ConfigureAwait(false)).Store;
                    if (store is null || store.State == StoreState.Tombstone || string.IsNullOrEmpty(store.Address)) throw new IOException($"no address for store {_storeId}");
                    var endpoint = await Endpoints.ResolveAsync(store.Address).ConfigureAwait(false);
                    using var client = new TcpClient { NoDelay = true };
                    using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        connect.CancelAfter(TimeSpan.FromSeconds(1));
                        await client.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
                    }
                    var stream = new BufferedStream(client.GetStream(), 64 << 10);
                    backoff = TimeSpan.FromMilliseconds(50);
                    while (await Queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                    {
                        while (Queue.Reader.TryPeek(out _))
                        {
                            batch.Msgs.Clear();
                            while (batch.Msgs.Count < MaxBatch && Queue.Reader.TryRead(out var m)) batch.Msgs.Add(m);
                            var frame = new Frame { Request = new RpcRequest { RequestId = 0, Method = BatchRaft, Body = batch.ToByteString() } };
                            await FrameCodec.WriteAsync(stream, frame, ct).ConfigureAwait(false);
                        }
                        await stream.FlushAsync(ct).ConfigureAwait(false);
                    }
                    return; // completed: disposed
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException or InvalidDataException)
                {
                    // Store down, PD unreachable or the link broke: what was in flight is lost (Raft retransmits).
                    Interlocked.Add(ref _owner._dropped, batch.Msgs.Count);
                    batch.Msgs.Clear();
                    try
                    {
                        await Task.Delay(backoff, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    backoff = TimeSpan.FromMilliseconds(Math.Min(1000, backoff.TotalMilliseconds * 2));
                }
            }
        }
    }

    private IPdRpc Pd => pd;

    /// <summary>Stops the links; queued messages are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        foreach (var l in _links.Values)
        {
            l.Queue.Writer.TryComplete();
            try
            {
                await l.Loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _cts.Dispose();
    }
}
