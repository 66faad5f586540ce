using System.Buffers;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Sits between a flush/compaction merge and its table builder (Titan's table builder). Normal
/// mode: a value of at least min_blob_size goes to a blob file and the SST gets its BlobIndex
/// (kind <see cref="ValueKind.BlobIndex"/>); fallback mode: BlobIndex entries are read back and
/// written inline. Blob files roll at blob_file_target_size. <see cref="Finish"/> syncs the blob
/// files and records them in the blob file set — the caller does this before the LSM edit that
/// makes the SST visible. With level merge on (the caller decides per compaction), a BlobIndex
/// pointing into a file of a shallower level than the output, or into a file whose discardable
/// ratio reached the GC threshold (Titan's "marked to merge"), is replaced by a copy of its record
/// in this build's blob file. One per table build, one thread.
/// </summary>
internal sealed class BlobSeparator : IValueSeparatorOutput
{
    private readonly BlobStore _store;
    private readonly int _cf;
    private readonly long _minBlobSize;
    private readonly TitanMode _mode;
    private readonly int _outputLevel;
    private readonly bool _levelMerge;
    private readonly bool _isFlush;
    private BlobReadAhead? _readAhead;
    private Dictionary<long, bool>? _mergeFrom; // per source file, decided once per build
    private readonly List<BlobFileMeta> _finished = [];
    private readonly ArrayBufferWriter<byte> _scratchValue = new();
    private byte[] _scratchKey = new byte[64];
    private BlobFileWriter? _writer;
    private string _writerPath = "";

    public BlobSeparator(BlobStore store, int cf, long minBlobSize, TitanMode mode, int outputLevel = 0, bool levelMerge = false, bool isFlush = false)
    {
        _isFlush = isFlush;
        _store = store;
        _cf = cf;
        _minBlobSize = minBlobSize;
        _mode = mode;
        _outputLevel = outputLevel;
        _levelMerge = levelMerge && mode == TitanMode.Normal;
    }

    /// <summary>Blob files written by this build (recorded durably once <see cref="Finish"/> returned).</summary>
    public IReadOnlyList<BlobFileMeta> Files => _finished;

    public void Add(TableBuilder builder, ReadOnlySpan<byte> ikey, ReadOnlySpan<byte> value)
    {
        var kind = InternalKey.Kind(ikey);
        if (kind == ValueKind.Value && _mode == TitanMode.Normal && value.Length >= _minBlobSize)
        {
            var user = InternalKey.UserKey(ikey);
            if (_writer is null) OpenWriter();
            var compressedBefore = _writer!.CompressedRecords;
            var index = _writer.Add(user, value);
            TitanStatistics.Add(ref _store.Stats.BlobBytesWritten, index.Size);
            TitanStatistics.Add(ref _store.Stats.BlobRecordsWritten, 1);
            TitanStatistics.Add(ref _store.Stats.BlobValueBytesBeforeCompression, value.Length);
            if (_writer.CompressedRecords != compressedBefore) TitanStatistics.Add(ref _store.Stats.BlobRecordsCompressed, 1);
            Span<byte> encoded = stackalloc byte[BlobIndex.MaxEncodedLength];
            var n = index.Encode(encoded);
            builder.Add(WithKind(ikey, ValueKind.BlobIndex), encoded[..n]);
            if (_writer.Length >= _store.Options.BlobFileTargetSize) FinishWriter();
            return;
        }
        if (kind == ValueKind.BlobIndex && _levelMerge && TryLevelMerge(builder, ikey, value)) return;
        if (kind == ValueKind.BlobIndex && _mode == TitanMode.Fallback)
        {
            _scratchValue.ResetWrittenCount();
            if (_store.TryReadValue(InternalKey.UserKey(ikey), BlobIndex.Decode(value, "compaction input"), _scratchValue, null))
            {
                TitanStatistics.Add(ref _store.Stats.FallbackValuesInlined, 1);
                builder.Add(WithKind(ikey, ValueKind.Value), _scratchValue.WrittenSpan);
                return;
            }
            // The blob file is gone: GC already rewrote this key, so this version is shadowed; keep it as is.
        }
        builder.Add(ikey, value);
    }

    /// <summary>Level merge: copies the record into this build's blob file when it lives in a shallower level's file. False: keep the entry as is.</summary>
    private bool TryLevelMerge(TableBuilder builder, ReadOnlySpan<byte> ikey, ReadOnlySpan<byte> value)
    {
        var old = BlobIndex.Decode(value, "compaction input");
        if (!ShouldMergeFrom(old.FileNumber)) return false;
        var user = InternalKey.UserKey(ikey);
        _scratchValue.ResetWrittenCount();
        if (!_store.TryReadValue(user, old, _scratchValue, _readAhead ??= new BlobReadAhead())) return false;
        if (_writer is null) OpenWriter();
        var moved = _writer!.Add(user, _scratchValue.WrittenSpan);
        TitanStatistics.Add(ref _store.Stats.LevelMergeRecords, 1);
        TitanStatistics.Add(ref _store.Stats.LevelMergeBytesWritten, moved.Size);
        Span<byte> encoded = stackalloc byte[BlobIndex.MaxEncodedLength];
        builder.Add(ikey, encoded[..moved.Encode(encoded)]);
        if (_writer.Length >= _store.Options.BlobFileTargetSize) FinishWriter();
        return true;
    }

    private bool ShouldMergeFrom(long file)
    {
        _mergeFrom ??= [];
        if (_mergeFrom.TryGetValue(file, out var merge)) return merge;
        // A file that is gone was emptied by GC: the key moved on and this version is shadowed; keep it.
        var meta = _store.Files.Find(file);
        merge = meta is not null && (meta.Level < _outputLevel
            || (_store.Tracker.IsSealed(file) && _store.Tracker.DiscardableRatio(meta) >= _store.Options.BlobFileDiscardableRatio));
        _mergeFrom[file] = merge;
        return merge;
    }

    private ReadOnlySpan<byte> WithKind(ReadOnlySpan<byte> ikey, ValueKind kind)
    {
        if (_scratchKey.Length < ikey.Length) _scratchKey = new byte[Math.Max(ikey.Length, _scratchKey.Length * 2)];
        return _scratchKey.AsSpan(0, InternalKey.Write(_scratchKey, InternalKey.UserKey(ikey), InternalKey.Sequence(ikey), kind));
    }

    private void OpenWriter()
    {
        var number = _store.NewFileNumber();
        _writerPath = _store.PathOf(number);
        _writer = new BlobFileWriter(_store.FileSystem.CreateFile(_writerPath, WriteCategory.Blob), number, _store.Options.Compression, _store.Options.CompressionLevel);
    }

    private void FinishWriter()
    {
        var w = _writer!;
        var size = w.Finish();
        w.Dispose();
        _writer = null;
        _finished.Add(new BlobFileMeta(w.Number, _cf, size, w.DataBytes, w.RecordCount, _outputLevel));
    }

    /// <summary>Finishes the open blob file and records all of this build's files durably.</summary>
    public void Finish()
    {
        if (_writer is not null) FinishWriter();
        _store.Files.Add(_finished);
        // Before the table is installed, so the GC that its installation wakes already knows this flush's file size.
        if (_isFlush) _store.SmallFiles.OnFlushOutput(_cf, _finished);
    }

    /// <summary>On failure: deletes an unfinished file (finished ones not yet recorded are orphans, deleted at the next open).</summary>
    public void Dispose()
    {
        _readAhead?.Dispose();
        _readAhead = null;
        if (_writer is null) return;
        try { _writer.Dispose(); } catch (IOException) { }
        _writer = null;
        try { _store.FileSystem.DeleteFile(_writerPath); } catch (IOException) { }
    }
}
