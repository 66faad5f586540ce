using Workbench.Cluster.Messages;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.Store;

/// <summary>
/// The receiving half of region snapshots: chunks are written at their offsets into one file per
/// transfer (category snapshot; chunks may arrive reordered or twice), at most
/// <see cref="StoreOptions.SnapshotConcurrentReceives"/> transfers at a time. When every byte is
/// there and the CRC-32C matches, the file is synced and the store steps the MsgSnapshot; the
/// apply takes the file by its transfer id. A transfer that stops receiving chunks (a lost chunk,
/// a sender that gave up) and a complete file Raft never applied are deleted after a timeout.
/// Not thread-safe (the store loop).
/// </summary>
internal sealed class SnapshotReceiver(IFileSystem fs, string directory, StoreOptions options) : IDisposable
{
    private readonly Dictionary<ulong, Incoming> _incoming = [];
    private readonly Dictionary<ulong, (string Path, ulong Tick)> _complete = [];

    public long BytesReceived { get; private set; }
    public long Refused { get; private set; }
    public long Corrupt { get; private set; }
    public int Receiving => _incoming.Count;

    /// <summary>
    /// Takes one chunk; returns true (with the envelope to step, its chunk removed) when it completed
    /// a transfer. <paramref name="acceptable"/> decides, at a transfer's first chunk, whether the
    /// store would take a snapshot of that region at all.
    /// </summary>
    public bool OnChunk(RaftMessage m, SnapshotMeta meta, ulong tick, Func<bool> acceptable, out RaftMessage complete)
    {
        complete = null!;
        var chunk = m.SnapshotChunk;
        if (_complete.ContainsKey(meta.TransferId)) return false; // a duplicate of a finished transfer
        if (!_incoming.TryGetValue(meta.TransferId, out var inc))
        {
            if (_incoming.Count >= options.SnapshotConcurrentReceives || !acceptable())
            {
                Refused++;
                return false;
            }
            var path = FilePaths.Combine(directory, $"rcv_{m.RegionId}_{meta.TransferId:x16}.snap");
            inc = new Incoming(path, fs.CreateFile(path, WriteCategory.Snapshot), (long)meta.Size);
            _incoming[meta.TransferId] = inc;
        }
        inc.LastTick = tick;
        var offset = (long)chunk.Offset;
        if (offset < 0 || offset + chunk.Data.Length > inc.Size || !inc.Offsets.Add(offset)) return false;
        inc.File.WriteAt(offset, chunk.Data.Span);
        inc.Received += chunk.Data.Length;
        BytesReceived += chunk.Data.Length;
        if (inc.Received < inc.Size) return false;
        _incoming.Remove(meta.TransferId);
        inc.File.Sync();
        inc.File.Dispose();
        if (Checksum(inc.Path, inc.Size) != meta.Crc32C)
        {
            Corrupt++;
            fs.DeleteFile(inc.Path);
            return false;
        }
        _complete[meta.TransferId] = (inc.Path, tick);
        complete = m.Clone();
        complete.SnapshotChunk = null;
        return true;
    }

    public bool HasComplete(ulong transferId) => _complete.ContainsKey(transferId);

    /// <summary>Reads the whole received file of a transfer and deletes it (the apply holds the bytes in one engine batch).</summary>
    public byte[]? Take(ulong transferId)
    {
        if (!_complete.Remove(transferId, out var c)) return null;
        byte[] bytes;
        using (var f = fs.OpenRead(c.Path))
        {
            bytes = new byte[f.Length];
            if (f.ReadAt(0, bytes) != bytes.Length) throw new IOException($"snapshot file {c.Path}: short read");
        }
        fs.DeleteFile(c.Path);
        return bytes;
    }

    private uint Checksum(string path, long size)
    {
        var buf = new byte[Math.Min(size, 1 << 20)];
        uint crc = 0;
        using var f = fs.OpenRead(path);
        for (long off = 0; off < size;)
        {
            var n = f.ReadAt(off, buf.AsSpan(0, (int)Math.Min(buf.Length, size - off)));
            if (n <= 0) break;
            crc = Crc32C.Extend(crc, buf.AsSpan(0, n));
            off += n;
        }
        return crc;
    }

    public void Gc(ulong tick, int ticks)
    {
        List<ulong>? old = null;
        foreach (var (id, inc) in _incoming)
            if (tick - inc.LastTick > (ulong)ticks) (old ??= []).Add(id);
        if (old is not null)
            foreach (var id in old)
            {
                var inc = _incoming[id];
                inc.File.Dispose();
                fs.DeleteFile(inc.Path);
                _incoming.Remove(id);
            }
        old = null;
        foreach (var (id, c) in _complete)
            if (tick - c.Tick > (ulong)ticks) (old ??= []).Add(id);
        if (old is not null)
            foreach (var id in old)
            {
                fs.DeleteFile(_complete[id].Path);
                _complete.Remove(id);
            }
    }

    public void Dispose()
    {
        foreach (var inc in _incoming.Values)
        {
            inc.File.Dispose();
            fs.DeleteFile(inc.Path);
        }
        _incoming.Clear();
        foreach (var c in _complete.Values) fs.DeleteFile(c.Path);
        _complete.Clear();
    }

    private sealed class Incoming(string path, IWritableFile file, long size)
    {
        public string Path { get; } = path;
        public IWritableFile File { get; } = file;
        public long Size { get; } = size;
        public long Received { get; set; }
        public HashSet<long> Offsets { get; } = [];
        public ulong LastTick { get; set; }
    }
}
