using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Workbench.Raft.Messages;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Raft.Log;

/// <summary>
/// The durable Raft log: append-only, checksummed segment files through <see cref="IFileSystem"/>
/// (every byte counted as <see cref="WriteCategory.RaftLog"/>), plus snapshot files; an in-memory
/// copy (<see cref="MemoryRaftStorage"/>) serves reads. Like TiKV's raft engine and etcd's WAL it is
/// separate from the state-machine engine, so its share of write amplification is measurable.
/// Why segments rather than an engine column family: appends are sequential, overwrites are rare
/// and compaction just deletes whole old segments — no LSM rewriting of log bytes.
///
/// Durability: <see cref="Sync"/> syncs the active segment (once per Ready). Recovery replays the
/// segments after the latest snapshot file; a torn or checksum-failing record at the end of the last
/// segment is a clean end (it was never synced, so never acknowledged); damage elsewhere throws
/// <see cref="CorruptionException"/>. Format: FORMAT.md. Not thread-safe (one driver thread).
/// </summary>
public sealed class DurableRaftStorage : IRaftStorage, IDisposable
{
    internal const byte RecordEntry = 1;
    internal const byte RecordHardState = 2;
    internal const byte RecordSnapshotApplied = 3;
    internal const int HeaderSize = 9;

    private readonly IFileSystem _fs;
    private readonly string _dir;
    private readonly long _segmentBytes;
    private readonly List<(long Seq, ulong MaxIndex)> _segments = [];
    private MemoryRaftStorage _mem;
    private IWritableFile? _active;
    private long _activeSeq;
    private byte[] _buffer = new byte[4096];

    private DurableRaftStorage(IFileSystem fs, string dir, long segmentBytes, MemoryRaftStorage mem)
    {
        _fs = fs;
        _dir = dir;
        _segmentBytes = segmentBytes;
        _mem = mem;
    }

    /// <summary>Opens (recovering) or creates the log in <paramref name="directory"/>; <paramref name="initialVoters"/> configure a new log only.</summary>
    public static DurableRaftStorage Open(IFileSystem fileSystem, string directory, IReadOnlyList<ulong> initialVoters, long segmentBytes = 16 << 20)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(initialVoters);
        fileSystem.CreateDirectory(directory);
        var files = fileSystem.ListFiles(directory);
        string? latestSnap = null;
        var segs = new List<long>();
        foreach (var f in files)
        {
            if (f.StartsWith("snap-", StringComparison.Ordinal) && f.EndsWith(".snap", StringComparison.Ordinal)) latestSnap = f; // names sort by index
            else if (f.StartsWith("log-", StringComparison.Ordinal) && f.EndsWith(".seg", StringComparison.Ordinal))
                segs.Add(long.Parse(f.AsSpan(4, f.Length - 8), NumberStyles.None, CultureInfo.InvariantCulture));
            else if (f.EndsWith(".tmp", StringComparison.Ordinal)) fileSystem.DeleteFile(FilePaths.Combine(directory, f));
        }
        segs.Sort();
        if (latestSnap is null)
        {
            var cs = new ConfState();
            cs.Voters.AddRange(initialVoters);
            var initial = new Snapshot { Data = ByteString.Empty, Metadata = new SnapshotMetadata { Index = 0, Term = 0, ConfState = cs } };
            var storage = new DurableRaftStorage(fileSystem, directory, segmentBytes, new MemoryRaftStorage(initialVoters, null, bootstrap: false));
            storage.WriteSnapshotFile(initial);
            storage.OpenNewSegment(1);
            var boot = Bootstrap.Entries(initialVoters, null);
            if (boot.Count > 0)
            {
                storage.Append(boot);
                storage.SetHardState(Bootstrap.HardState(boot.Count));
                storage.Sync();
            }
            return storage;
        }
        var snapshot = ReadSnapshotFile(fileSystem, FilePaths.Combine(directory, latestSnap));
        var s = new DurableRaftStorage(fileSystem, directory, segmentBytes, new MemoryRaftStorage(snapshot.Metadata.ConfState.Voters, snapshot.Metadata.ConfState.Learners, bootstrap: false));
        s.Recover(snapshot, segs);
        return s;
    }

    /// <summary>Log segment files currently kept (the active one included); compaction removes whole segments.</summary>
    public long SegmentCount => _segments.Count;

    // ---- reads: served from memory ----

    /// <inheritdoc/>
    public RaftInitialState InitialState() => _mem.InitialState();
    /// <inheritdoc/>
    public IReadOnlyList<Entry> Entries(ulong lo, ulong hi, ulong maxSize) => _mem.Entries(lo, hi, maxSize);
    /// <inheritdoc/>
    public bool TryTerm(ulong index, out ulong term) => _mem.TryTerm(index, out term);
    /// <inheritdoc/>
    public ulong FirstIndex => _mem.FirstIndex;
    /// <inheritdoc/>
    public ulong LastIndex => _mem.LastIndex;
    /// <inheritdoc/>
    public Snapshot Snapshot() => _mem.Snapshot();

    // ---- writes ----

    /// <inheritdoc/>
    public void Append(IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return;
        var first = _mem.FirstIndex;
        _mem.Append(entries);
        // Entries already covered by the snapshot are not logged (Raft never sends them, but replay relies on it).
        foreach (var e in entries)
            if (e.Index >= first) WriteRecord(RecordEntry, e);
        var last = entries[^1].Index;
        var (seq, max) = _segments[^1];
        _segments[^1] = (seq, Math.Max(max, last));
        MaybeRollSegment();
    }

    /// <inheritdoc/>
    public void SetHardState(HardState hardState)
    {
        _mem.SetHardState(hardState);
        WriteRecord(RecordHardState, hardState);
    }

    /// <inheritdoc/>
    public void ApplySnapshot(Snapshot snapshot)
    {
        if (snapshot.Metadata.Index <= _mem.Snapshot().Metadata.Index) return;
        WriteSnapshotFile(snapshot);
        // The marker resets the log on replay: entries before it belong to the replaced log.
        WriteRecord(RecordSnapshotApplied, new SnapshotMetadata { Index = snapshot.Metadata.Index, Term = snapshot.Metadata.Term });
        _mem.ApplySnapshot(snapshot);
    }

    /// <inheritdoc/>
    public void CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data)
    {
        if (index <= _mem.Snapshot().Metadata.Index) return;
        _mem.CreateSnapshot(index, confState, data);
        WriteSnapshotFile(_mem.Snapshot());
    }

    /// <inheritdoc/>
    public void Compact(ulong compactIndex)
    {
        _mem.Compact(compactIndex);
        // Delete the oldest segments once every entry in them is compacted (never the active one).
        while (_segments.Count > 1 && _segments[0].MaxIndex <= compactIndex)
        {
            _fs.DeleteFile(SegmentPath(_segments[0].Seq));
            _segments.RemoveAt(0);
        }
    }

    /// <inheritdoc/>
    public void Sync() => _active?.Sync();

    /// <summary>Closes the active segment file; call Sync first to make the last writes durable.</summary>
    public void Dispose()
    {
        _active?.Dispose();
        _active = null;
    }

    private string SegmentPath(long seq) => FilePaths.Combine(_dir, $"log-{seq:D8}.seg");

    private void OpenNewSegment(long seq)
    {
        _active?.Sync();
        _active?.Dispose();
        _active = _fs.CreateFile(SegmentPath(seq), WriteCategory.RaftLog);
        _fs.SyncDirectory(_dir);
        _activeSeq = seq;
        _segments.Add((seq, 0));
        // Each segment restates the hard state, so older segments can be deleted independently.
        var hs = _mem.InitialState().HardState;
        if (hs.Term != 0 || hs.Vote != 0 || hs.Commit != 0) WriteRecord(RecordHardState, hs);
    }

    private void MaybeRollSegment()
    {
        if (_active is not null && _active.Length >= _segmentBytes) OpenNewSegment(_activeSeq + 1);
    }

    private void WriteRecord(byte type, IMessage message)
    {
        var size = message.CalculateSize();
        var total = HeaderSize + size;
        if (_buffer.Length < total) _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
        var span = _buffer.AsSpan(0, total);
        span[8] = type;
        message.WriteTo(span.Slice(HeaderSize, size));
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Mask(Crc32C.Compute(span[8..])));
        _active!.Append(span);
    }

    private void WriteSnapshotFile(Snapshot snapshot)
    {
        var name = $"snap-{snapshot.Metadata.Index:D20}.snap";
        var tmp = FilePaths.Combine(_dir, name + ".tmp");
        var bytes = snapshot.ToByteArray();
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Crc32C.Mask(Crc32C.Compute(bytes)));
        using (var f = _fs.CreateFile(tmp, WriteCategory.RaftLog))
        {
            f.Append(header);
            f.Append(bytes);
            f.Sync();
        }
        _fs.RenameFile(tmp, FilePaths.Combine(_dir, name));
        _fs.SyncDirectory(_dir);
        foreach (var f in _fs.ListFiles(_dir))
            if (f.StartsWith("snap-", StringComparison.Ordinal) && f.EndsWith(".snap", StringComparison.Ordinal) && string.CompareOrdinal(f, name) < 0)
                _fs.DeleteFile(FilePaths.Combine(_dir, f));
    }

    private static Snapshot ReadSnapshotFile(IFileSystem fs, string path)
    {
        using var f = fs.OpenRead(path);
        var header = new byte[8];
        if (f.ReadAt(0, header) != 8) throw new CorruptionException(path, 0, "snapshot file shorter than its header");
        var len = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (len > f.Length - 8) throw new CorruptionException(path, 0, $"snapshot length {len} exceeds the file");
        var bytes = new byte[len];
        if (f.ReadAt(8, bytes) != len) throw new CorruptionException(path, 8, "short snapshot read");
        if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4))) != Crc32C.Compute(bytes))
            throw new CorruptionException(path, 0, "snapshot checksum mismatch");
        return Messages.Snapshot.Parser.ParseFrom(bytes);
    }

    private void Recover(Snapshot snapshot, List<long> segs)
    {
        var snapIndex = snapshot.Metadata.Index;
        var snapTerm = snapshot.Metadata.Term;
        // Replay into a contiguous run of entries starting after `baseIndex`.
        ulong baseIndex = 0;
        var hasBase = false;
        var entries = new List<Entry>();
        HardState hs = new();
        for (var i = 0; i < segs.Count; i++)
        {
            var path = SegmentPath(segs[i]);
            var isLast = i == segs.Count - 1;
            ulong maxIndex = 0;
            using (var f = isLast ? _fs.OpenWritable(path, WriteCategory.RaftLog) : (IReadableFile)_fs.OpenRead(path))
            {
                long offset = 0;
                var header = new byte[HeaderSize];
                var length = f.Length;
                while (offset < length)
                {
                    string? damage = null;
                    byte[]? payload = null;
                    if (length - offset < HeaderSize || f.ReadAt(offset, header) != HeaderSize) damage = "torn record header";
                    else
                    {
                        var size = BinaryPrimitives.ReadUInt32LittleEndian(header);
                        if (size > length - offset - HeaderSize) damage = $"record length {size} runs past the end";
                        else
                        {
                            payload = new byte[size];
                            f.ReadAt(offset + HeaderSize, payload);
                            var crc = Crc32C.Extend(Crc32C.Compute(header.AsSpan(8, 1)), payload);
                            if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4))) != crc) damage = "checksum mismatch";
                        }
                    }
                    if (damage is not null)
                    {
                        if (!isLast) throw new CorruptionException(path, offset, damage + " in a sealed raft log segment");
                        ((IWritableFile)f).Truncate(offset); // unsynced tail of the active segment: a clean end
                        break;
                    }
                    switch (header[8])
                    {
                        case RecordEntry:
                        {
                            var e = Entry.Parser.ParseFrom(payload);
                            if (!hasBase || e.Index <= baseIndex)
                            {
                                baseIndex = e.Index - 1;
                                hasBase = true;
                                entries.Clear();
                            }
                            var pos = e.Index - baseIndex - 1;
                            if (pos > (ulong)entries.Count) throw new CorruptionException(path, offset, $"raft log gap: entry {e.Index} after {baseIndex + (ulong)entries.Count}");
                            if (pos < (ulong)entries.Count) entries.RemoveRange((int)pos, entries.Count - (int)pos);
                            entries.Add(e);
                            maxIndex = Math.Max(maxIndex, e.Index);
                            break;
                        }
                        case RecordHardState:
                            hs = HardState.Parser.ParseFrom(payload);
                            break;
                        case RecordSnapshotApplied:
                        {
                            var meta = SnapshotMetadata.Parser.ParseFrom(payload);
                            baseIndex = meta.Index;
                            hasBase = true;
                            entries.Clear();
                            break;
                        }
                        default:
                            throw new CorruptionException(path, offset, $"unknown raft log record type {header[8]}");
                    }
                    offset += HeaderSize + payload!.Length;
                }
            }
            _segments.Add((segs[i], maxIndex));
        }

        // Reconcile with the snapshot file (it may be newer than any marker, see FORMAT.md).
        var last = baseIndex + (ulong)entries.Count;
        var keepFrom = 0;
        if (hasBase && snapIndex >= baseIndex && snapIndex <= last)
        {
            var termAtSnap = snapIndex == baseIndex ? snapTerm : entries[(int)(snapIndex - baseIndex - 1)].Term;
            if (termAtSnap == snapTerm) keepFrom = (int)(snapIndex - baseIndex);
            else entries.Clear();
        }
        else if (hasBase && snapIndex < baseIndex && entries.Count > 0)
        {
            throw new CorruptionException(_dir, 0, $"raft log starts at {baseIndex + 1} but the latest snapshot is at {snapIndex}: entries are missing");
        }
        else
        {
            entries.Clear();
        }
        if (snapIndex > 0) _mem.ApplySnapshot(snapshot);
        if (keepFrom < entries.Count) _mem.Append(entries.GetRange(keepFrom, entries.Count - keepFrom));
        if (hs.Commit < snapIndex) hs.Commit = snapIndex; // the snapshot is committed state by definition
        if (hs.Commit > _mem.LastIndex) throw new CorruptionException(_dir, 0, $"hard state commit {hs.Commit} beyond the recovered last index {_mem.LastIndex}");
        _mem.SetHardState(hs);

        // Continue in a fresh segment so recovery never appends after a truncated record.
        OpenNewSegment(segs.Count == 0 ? 1 : segs[^1] + 1);
    }
}
