using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Workbench.Raft.Messages;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.RaftLog;

/// <summary>
/// Every region's Raft log of a store in one series of append-only, checksummed segment files
/// (TiKV's raft engine in miniature), written through <see cref="IFileSystem"/> as category
/// raft_log. One <see cref="StoreRaftLog.Commit"/> = one append of all buffered records and at
/// most one sync. A segment is deleted once every region's entries in it are compacted away; each
/// new segment restates every region's hard state and truncated state, so older segments are
/// never needed for those. Format and recovery rules: FORMAT.md. Not thread-safe.
/// </summary>
internal sealed class SegmentRaftLog : StoreRaftLog
{
    internal const byte RecordEntry = 1;
    internal const byte RecordHardState = 2;
    internal const byte RecordReset = 3;
    internal const byte RecordTruncated = 4;
    internal const byte RecordRemove = 5;
    internal const int HeaderSize = 9;

    private readonly IFileSystem _fs;
    private readonly string _dir;
    private readonly long _segmentBytes;
    // Oldest first: sequence number and, per region, the largest entry index the segment holds.
    private readonly List<(long Seq, Dictionary<ulong, ulong> MaxIndex)> _segments = [];
    private IWritableFile? _active;
    private long _activeBytes;
    private byte[] _buffer = new byte[64 << 10];
    private int _buffered;

    private SegmentRaftLog(IFileSystem fs, string dir, long segmentBytes)
    {
        _fs = fs;
        _dir = dir;
        _segmentBytes = segmentBytes;
    }

    public int SegmentCount => _segments.Count;

    /// <summary>Opens (recovering) or creates the log in <paramref name="directory"/>.</summary>
    public static SegmentRaftLog Open(IFileSystem fileSystem, string directory, long segmentBytes = 16 << 20)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        fileSystem.CreateDirectory(directory);
        var seqs = new List<long>();
        foreach (var f in fileSystem.ListFiles(directory))
            if (f.StartsWith("raft-", StringComparison.Ordinal) && f.EndsWith(".log", StringComparison.Ordinal)
                && long.TryParse(f.AsSpan(5, f.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                seqs.Add(seq);
        seqs.Sort();
        var log = new SegmentRaftLog(fileSystem, directory, segmentBytes);
        for (var i = 0; i < seqs.Count; i++) log.Replay(seqs[i], isLast: i == seqs.Count - 1);
        log.OpenSegment(seqs.Count == 0 ? 1 : seqs[^1] + 1);
        log.DeleteObsoleteSegments();
        return log;
    }

    private string SegmentPath(long seq) => FilePaths.Combine(_dir, string.Create(CultureInfo.InvariantCulture, $"raft-{seq:D8}.log"));

    private void Replay(long seq, bool isLast)
    {
        var path = SegmentPath(seq);
        var maxIndex = new Dictionary<ulong, ulong>();
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
                    if (size < 8 || size > length - offset - HeaderSize) damage = $"record length {size} is impossible here";
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
                    ((IWritableFile)f).Truncate(offset); // never synced, so never acknowledged: a clean end
                    break;
                }
                ApplyRecord(path, offset, header[8], payload!, maxIndex);
                offset += HeaderSize + payload!.Length;
            }
        }
        _segments.Add((seq, maxIndex));
    }

    private void ApplyRecord(string path, long offset, byte type, byte[] payload, Dictionary<ulong, ulong> maxIndex)
    {
        var regionId = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        var body = payload.AsSpan(8);
        var log = Recovered(regionId);
        switch (type)
        {
            case RecordEntry:
            {
                var e = Entry.Parser.ParseFrom(body);
                if (e.Index > log.LastIndex + 1) throw new CorruptionException(path, offset, $"region {regionId}: raft log gap: entry {e.Index} after {log.LastIndex}");
                log.Append([e]);
                maxIndex[regionId] = Math.Max(maxIndex.GetValueOrDefault(regionId), e.Index);
                break;
            }
            case RecordHardState:
                log.HardState = HardState.Parser.ParseFrom(body);
                break;
            case RecordReset:
                log.Reset(BinaryPrimitives.ReadUInt64LittleEndian(body), BinaryPrimitives.ReadUInt64LittleEndian(body[8..]));
                break;
            case RecordTruncated:
            {
                var index = BinaryPrimitives.ReadUInt64LittleEndian(body);
                var term = BinaryPrimitives.ReadUInt64LittleEndian(body[8..]);
                if (index <= log.TruncatedIndex) break;
                if (index <= log.LastIndex) log.CompactTo(index);
                else log.Reset(index, term);
                break;
            }
            case RecordRemove:
                Forget(regionId);
                break;
            default:
                throw new CorruptionException(path, offset, $"unknown raft log record type {type}");
        }
    }

    private void OpenSegment(long seq)
    {
        var path = SegmentPath(seq);
        _active = _fs.CreateFile(path, WriteCategory.RaftLog);
        _activeBytes = 0;
        _fs.SyncDirectory(_dir);
        _segments.Add((seq, new Dictionary<ulong, ulong>()));
        // Restate every region's durable state, so no older segment is needed for it.
        foreach (var log in Regions.Values)
        {
            WriteState(RecordTruncated, log.RegionId, log.TruncatedIndex, log.TruncatedTerm);
            WriteRecord(RecordHardState, log.RegionId, log.HardState);
        }
        Flush(sync: true);
    }

    protected override void OnAppend(RegionLog log, IReadOnlyList<Entry> entries, ulong oldLastIndex)
    {
        var max = _segments[^1].MaxIndex;
        foreach (var e in entries)
        {
            if (e.Index <= log.TruncatedIndex) continue;
            WriteRecord(RecordEntry, log.RegionId, e);
            max[log.RegionId] = Math.Max(max.GetValueOrDefault(log.RegionId), e.Index);
        }
    }

    protected override void OnHardState(RegionLog log) => WriteRecord(RecordHardState, log.RegionId, log.HardState);

    protected override void OnReset(RegionLog log, ulong oldFirstIndex, ulong oldLastIndex) =>
        WriteState(RecordReset, log.RegionId, log.TruncatedIndex, log.TruncatedTerm);

    protected override void OnCompact(RegionLog log, ulong oldFirstIndex) =>
        WriteState(RecordTruncated, log.RegionId, log.TruncatedIndex, log.TruncatedTerm);

    protected override void OnRemove(RegionLog log)
    {
        EnsureCapacity(HeaderSize + 8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_buffered + HeaderSize), log.RegionId);
        Seal(RecordRemove, 8);
    }

    protected override bool WriteBuffered(bool sync)
    {
        if (_buffered == 0) return false;
        Flush(sync);
        if (_activeBytes >= _segmentBytes)
        {
            OpenSegment(_segments[^1].Seq + 1);
            DeleteObsoleteSegments();
        }
        return true;
    }

    private void Flush(bool sync)
    {
        if (_buffered > 0)
        {
            _active!.Append(_buffer.AsSpan(0, _buffered));
            _activeBytes += _buffered;
            _buffered = 0;
        }
        if (sync) _active!.Sync();
    }

    /// <summary>Deletes the oldest sealed segments whose every entry is compacted (or whose region is gone).</summary>
    private void DeleteObsoleteSegments()
    {
        while (_segments.Count > 1)
        {
            var (seq, maxIndex) = _segments[0];
            foreach (var (regionId, max) in maxIndex)
                if (TryGet(regionId, out var log) && max > log.TruncatedIndex) return;
            _fs.DeleteFile(SegmentPath(seq));
            _segments.RemoveAt(0);
        }
    }

    private void WriteState(byte type, ulong regionId, ulong index, ulong term)
    {
        EnsureCapacity(HeaderSize + 24);
        var span = _buffer.AsSpan(_buffered + HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(span, regionId);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], index);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], term);
        Seal(type, 24);
    }

    private void WriteRecord(byte type, ulong regionId, IMessage message)
    {
        var size = message.CalculateSize();
        EnsureCapacity(HeaderSize + 8 + size);
        var span = _buffer.AsSpan(_buffered + HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(span, regionId);
        message.WriteTo(span.Slice(8, size));
        Seal(type, 8 + size);
    }

    private void Seal(byte type, int payloadSize)
    {
        var record = _buffer.AsSpan(_buffered, HeaderSize + payloadSize);
        record[8] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payloadSize);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Mask(Crc32C.Compute(record[8..])));
        _buffered += record.Length;
    }

    private void EnsureCapacity(int more)
    {
        if (_buffered + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffered + more, _buffer.Length * 2));
    }

    public override void Dispose()
    {
        if (_active is null) return;
        Flush(sync: false);
        _active.Dispose();
        _active = null;
    }
}
