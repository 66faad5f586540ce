using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Store;

/// <summary>
/// The sending half of region snapshots (TiKV's snap worker and its send stream): a generated
/// snapshot file waits here until Raft hands its MsgSnapshot to the store, then its bytes go to
/// the receiving store in chunks of <see cref="StoreOptions.SnapshotChunkBytes"/>, at most
/// <see cref="StoreOptions.SnapshotConcurrentSends"/> transfers at a time (the rest queue, in order)
/// and at most <see cref="StoreOptions.SnapshotMaxBytesPerSec"/> over all of them (a budget refilled
/// every tick; a chunk may overdraw it, the debt is paid from the next ticks). The file is deleted
/// once its last chunk is sent. Not thread-safe (the store loop).
/// </summary>
internal sealed class SnapshotSender(IFileSystem fs, IStoreTransport transport, StoreOptions options) : IDisposable
{
    private readonly Dictionary<ulong, (string Path, ulong Tick)> _generated = [];
    private readonly List<Transfer> _transfers = [];
    private long _budget = options.SnapshotMaxBytesPerSec <= 0 ? long.MaxValue : 0;
    private int _next;

    public long BytesSent { get; private set; }
    public long ChunksSent { get; private set; }
    public int Sending => Math.Min(_transfers.Count, options.SnapshotConcurrentSends);
    public int Queued => Math.Max(0, _transfers.Count - options.SnapshotConcurrentSends);

    /// <summary>A snapshot file was generated for <paramref name="transferId"/>; it is sent when Raft emits its message.</summary>
    public void Generated(ulong transferId, string path, ulong tick) => _generated[transferId] = (path, tick);

    /// <summary>
    /// Queues the transfer of a MsgSnapshot envelope (its snapshot data is <paramref name="meta"/>).
    /// A transfer to the same peer of the same region still queued or sending is dropped first: Raft
    /// sends a new snapshot only after the old one was reported failed. False when the file is unknown.
    /// </summary>
    public bool Start(RaftMessage envelope, SnapshotMeta meta)
    {
        if (!_generated.Remove(meta.TransferId, out var gen)) return false;
        for (var i = _transfers.Count - 1; i >= 0; i--)
        {
            var t = _transfers[i];
            if (t.Envelope.RegionId == envelope.RegionId && t.Envelope.ToPeer.Id == envelope.ToPeer.Id) Remove(i);
        }
        _transfers.Add(new Transfer(envelope, gen.Path, (long)meta.Size));
        return true;
    }

    /// <summary>Adds one tick's worth of the byte-rate budget (unlimited when the rate is 0).</summary>
    public void Refill()
    {
        if (options.SnapshotMaxBytesPerSec <= 0)
        {
            _budget = long.MaxValue;
            return;
        }
        var perTick = Math.Max(1, options.SnapshotMaxBytesPerSec * options.TickMs / 1000);
        _budget = Math.Min(perTick, _budget + perTick);
    }

    /// <summary>Sends chunks of the active transfers, round robin, while the budget lasts; <paramref name="finished"/> gets each envelope whose last chunk went out.</summary>
    public void Pump(Action<RaftMessage> finished)
    {
        while (_budget > 0 && _transfers.Count > 0)
        {
            var active = Math.Min(_transfers.Count, options.SnapshotConcurrentSends);
            if (_next >= active) _next = 0;
            var t = _transfers[_next];
            var len = (int)Math.Min(options.SnapshotChunkBytes, t.Size - t.Offset);
            var data = new byte[len];
            t.File ??= fs.OpenRead(t.Path);
            var n = t.File.ReadAt(t.Offset, data);
            if (n != len) throw new IOException($"snapshot file {t.Path}: read {n} of {len} bytes at {t.Offset}");
            var m = t.Envelope.Clone();
            m.SnapshotChunk = new SnapshotChunk { Offset = (ulong)t.Offset, Data = UnsafeByteOperations.UnsafeWrap(data) };
            transport.Send(m);
            t.Offset += len;
            if (_budget != long.MaxValue) _budget -= len;
            BytesSent += len;
            ChunksSent++;
            if (t.Offset >= t.Size)
            {
                Remove(_next);
                finished(t.Envelope);
            }
            else _next++;
        }
    }

    /// <summary>Deletes generated files Raft never sent (its message was dropped before the store saw it).</summary>
    public void Gc(ulong tick, int ticks)
    {
        List<ulong>? old = null;
        foreach (var (id, g) in _generated)
            if (tick - g.Tick > (ulong)ticks) (old ??= []).Add(id);
        if (old is null) return;
        foreach (var id in old)
        {
            fs.DeleteFile(_generated[id].Path);
            _generated.Remove(id);
        }
    }

    private void Remove(int i)
    {
        var t = _transfers[i];
        t.File?.Dispose();
        fs.DeleteFile(t.Path);
        _transfers.RemoveAt(i);
        if (_next > i) _next--;
    }

    public void Dispose()
    {
        for (var i = _transfers.Count - 1; i >= 0; i--) Remove(i);
        foreach (var g in _generated.Values) fs.DeleteFile(g.Path);
        _generated.Clear();
    }

    private sealed class Transfer(RaftMessage envelope, string path, long size)
    {
        public RaftMessage Envelope { get; } = envelope;
        public string Path { get; } = path;
        public long Size { get; } = size;
        public long Offset { get; set; }
        public IReadableFile? File { get; set; }
    }
}
