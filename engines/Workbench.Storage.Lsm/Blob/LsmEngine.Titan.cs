using System.Buffers;
using System.Buffers.Binary;

namespace Workbench.Storage.Lsm;

/// <summary>
/// Titan inside the LSM (engine name "titan" when <see cref="LsmOptions.Titan"/> is set): the hooks
/// the flush/compaction/read/write paths call, the raw lookups GC needs, and the checked GC rewrite
/// in the write path. Lives in Blob/ so the LSM files carry only one-line hooks.
/// </summary>
public sealed partial class LsmEngine
{
    /// <summary>High bit of a WAL record's operation count: its puts carry BlobIndex values (GC rewrites).</summary>
    internal const uint WalBlobIndexFlag = 0x8000_0000;
    private const int MaxBlobReadRetries = 1000;

    private BlobStore? _blobs;

    /// <summary>Per-thread scratch for raw lookups (point gets and GC checks), so a get allocates nothing of its own.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_raw;

    internal BlobStore? Blobs => _blobs;

    private long TotalTableBytes(LsmVersion v)
    {
        long sum = 0;
        for (var c = 0; c < _cfs.Length; c++)
            for (var l = 0; l < v.NumLevels(c); l++) sum += v.LevelBytes(c, l);
        return sum;
    }

    internal long NewFileNumberForBlob() => _versions.NewFileNumber();

    internal long LastSequenceForBlob() => Volatile.Read(ref _lastSequence);

    /// <summary>The oldest live snapshot's sequence, or <see cref="long.MaxValue"/> when there is none.</summary>
    internal long OldestSnapshotSequenceOrMax()
    {
        lock (_snapLock)
        {
            foreach (var s in _snapshots.Keys) return s;
            return long.MaxValue;
        }
    }

    /// <summary>Before recovery: opens the blob file set so WAL replay can separate values, and reserves its file numbers.</summary>
    private void OpenBlobStore(TitanOptions titan)
    {
        _blobs = new BlobStore(this, _fs, _dir, titan);
        _versions.MarkFileNumberUsed(_blobs.Files.MaxFileNumber);
    }

    /// <summary>A plain lsm engine must not open a titan database: its SSTs hold BlobIndexes, not values.</summary>
    private void RefuseTitanDirectory()
    {
        foreach (var name in _fs.ListFiles(_dir))
            if (name.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal))
                throw new EngineConfigException($"{_dir} holds a titan database (found {name}); open it with engine 'titan'");
    }

    /// <summary>
    /// During recovery, before anything is written: every blob file a table of the recovered version
    /// points into must be listed by the blob manifest (else the manifest is damaged: corruption, and
    /// nothing is compacted over or deleted). The blob manifest is committed (compacted) at its first
    /// change (WAL replay writing a table) or once recovery is done, whichever comes first.
    /// </summary>
    private void VerifyAndCommitBlobManifest(FileMetadata[][][] files)
    {
        if (_blobs is null) return;
        foreach (var cf in files)
            foreach (var level in cf)
                foreach (var f in level) RequireBlobFilesListed(f);
    }

    private void RequireBlobFilesListed(FileMetadata f)
    {
        var table = FileNames.Table(f.Number);
        var refs = BlobGarbageTracker.DecodeProperty(GetTable(f).Properties.All.GetValueOrDefault(BlobGarbageTracker.PropertyName), table);
        foreach (var blob in refs.Keys) _blobs!.Files.RequireListed(blob, table);
    }

    /// <summary>
    /// After recovery: checks the references of every SST (including tables written from replayed GC
    /// rewrites), accounts them, deletes orphan blob files (only now that no live table can point into
    /// them), seals known files, starts GC.
    /// </summary>
    private void StartBlobStore()
    {
        if (_blobs is null) return;
        var v = _versions.Current;
        for (var c = 0; c < _cfs.Length; c++)
            foreach (var level in v.Files[c])
                foreach (var f in level)
                {
                    RequireBlobFilesListed(f);
                    _blobs.OnTableAdded(f.Number, GetTable(f).Properties, FileNames.Table(f.Number));
                }
        _blobs.Files.Commit();
        _blobs.Files.DeleteOrphans();
        _blobs.SealAll();
        _blobs.StartBackgroundGc();
    }

    /// <summary>A separator for a build whose output goes to <paramref name="outputLevel"/> (0 = flush).</summary>
    private BlobSeparator? NewBlobSeparator(ColumnFamilyState cf, int outputLevel = 0, bool levelMerge = false) =>
        _blobs is null ? null : new BlobSeparator(_blobs, cf.Id, _blobs.Options.MinBlobSizeFor(cf.Name), _blobs.Options.Mode, outputLevel, levelMerge);

    /// <summary>
    /// Level merge applies to compactions whose output is the deepest non-empty level or the level
    /// directly above it (Titan merges into the last two levels). Normal mode only.
    /// </summary>
    private bool LevelMergeFor(FileMetadata[][] levels, int outputLevel)
    {
        if (_blobs is null || !_blobs.Options.LevelMerge || _blobs.Options.Mode != TitanMode.Normal || outputLevel == 0) return false;
        var deepest = outputLevel;
        for (var l = levels.Length - 1; l > deepest; l--)
            if (levels[l].Length > 0)
            {
                deepest = l;
                break;
            }
        return outputLevel >= Math.Max(1, deepest - 1);
    }

    /// <summary>Adds an entry to a table being built, through the separator when Titan is on.</summary>
    private static void AddToTable(TableBuilder builder, BlobSeparator? separator, ReadOnlySpan<byte> ikey, ReadOnlySpan<byte> value)
    {
        if (separator is null) builder.Add(ikey, value);
        else separator.Add(builder, ikey, value);
    }

    /// <summary>
    /// Under the mutex, after an edit is logged: adds the new tables' blob references. A removed
    /// table's references are subtracted only when the table becomes obsolete (no version holds it,
    /// <see cref="OnTableObsolete"/>): an iterator pinning an older version may still follow them,
    /// and a compaction that moved records (level merge, fallback) keeps their sequence numbers, so
    /// the snapshot rule alone would not protect the old blob file.
    /// </summary>
    private void OnTablesChanged(IEnumerable<FileMetadata> added)
    {
        if (_blobs is null) return;
        foreach (var f in added) _blobs.OnTableAdded(f.Number, GetTable(f).Properties, FileNames.Table(f.Number));
        _blobs.RequestGc();
    }

    /// <summary>Any thread (the last version holding the table was released): its blob references are gone.</summary>
    private void OnTableObsolete(FileMetadata f)
    {
        if (_blobs is null || _disposed) return;
        _blobs.OnTableRemoved(f.Number);
        _blobs.RequestGc();
    }

    /// <summary>
    /// Newest entry for <paramref name="key"/> visible at <paramref name="seq"/> in a pinned view, raw
    /// (BlobIndex not followed). False when no entry exists.
    /// </summary>
    private bool TryGetRaw(SuperVersion sv, int cf, ReadOnlySpan<byte> key, long seq, ArrayBufferWriter<byte> raw, out ValueKind kind, bool fillCache)
    {
        kind = ValueKind.Deletion;
        var seekLength = key.Length + InternalKey.TrailerSize;
        var rented = ArrayPool<byte>.Shared.Rent(seekLength);
        try
        {
            var seek = rented.AsSpan(0, seekLength);
            InternalKey.Write(seek, key, seq, InternalKey.SeekKind);
            return TryGetRaw(sv, cf, key, seek, raw, out kind, fillCache);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryGetRaw(SuperVersion sv, int cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seek, ArrayBufferWriter<byte> raw, out ValueKind kind, bool fillCache)
    {
        kind = ValueKind.Deletion;
        if (sv.Mem.TryGet(seek, out var node) || TryImmutables(sv, seek, out node))
        {
            kind = InternalKey.Kind(node!.Key);
            if (kind != ValueKind.Deletion) raw.Write(node.Value);
            return true;
        }
        var hash = BloomFilter.Hash(key);
        var levels = sv.Version.Files[cf];
        foreach (var f in levels[0])
        {
            if (key.SequenceCompareTo(f.SmallestUserKey) < 0 || key.SequenceCompareTo(f.LargestUserKey) > 0) continue;
            if (GetTable(f).TryGet(seek, hash, raw, out kind, fillCache)) return true;
        }
        for (var l = 1; l < levels.Length; l++)
        {
            var files = levels[l];
            if (files.Length == 0) continue;
            var i = LsmVersion.FindFile(files, seek);
            if (i >= files.Length) continue;
            var f = files[i];
            if (key.SequenceCompareTo(f.SmallestUserKey) < 0) continue;
            if (GetTable(f).TryGet(seek, hash, raw, out kind, fillCache)) return true;
        }
        return false;
    }

    /// <summary>
    /// Point get that follows a BlobIndex. The view stays pinned until the record is read, so its
    /// tables keep the file counted live. If GC deleted the file anyway (the key was rewritten by GC
    /// before this get looked), read again.
    /// </summary>
    private bool TitanGet(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options)
    {
        var raw = t_raw ??= new ArrayBufferWriter<byte>();
        for (var attempt = 0; attempt < MaxBlobReadRetries; attempt++)
        {
            raw.ResetWrittenCount();
            ValueKind kind;
            bool found;
            var sv = AcquireSuperVersion(cf, options, out var seq);
            BlobIndex index;
            try
            {
                found = TryGetRaw(sv, cf, key, seq, raw, out kind, options?.FillCache ?? true);
                if (!found || kind == ValueKind.Deletion) return false;
                if (kind == ValueKind.Value)
                {
                    value.Write(raw.WrittenSpan);
                    return true;
                }
                index = BlobIndex.Decode(raw.WrittenSpan, "lsm entry");
                if (_blobs!.TryReadValue(key, index, value, null)) return true;
            }
            finally
            {
                sv.Unref();
            }
            if (options?.Snapshot is not null)
                throw new CorruptionException(BlobFileFormat.FileName(index.FileNumber), index.Offset, "blob file a snapshot still needs was deleted");
        }
        throw new CorruptionException(BlobFileFormat.FileName(0), -1, $"point get kept finding deleted blob files after {MaxBlobReadRetries} attempts");
    }

    /// <summary>Titan iterators always read at a snapshot (implicit if none given) so GC cannot delete a blob file they may still load.</summary>
    private IKvIterator NewTitanIterator(ColumnFamilyHandle cf, ReadOptions? options)
    {
        IEngineSnapshot? implicitSnapshot = null;
        if (options?.Snapshot is null)
        {
            implicitSnapshot = GetSnapshot();
            options = new ReadOptions { Snapshot = implicitSnapshot, LowerBound = options?.LowerBound, UpperBound = options?.UpperBound, FillCache = options?.FillCache ?? true };
        }
        try
        {
            return new TitanIterator(NewDbIterator(cf, options), _blobs!, implicitSnapshot);
        }
        catch
        {
            implicitSnapshot?.Dispose();
            throw;
        }
    }

    /// <summary>GC's question: does the newest entry for the key still point at exactly this record?</summary>
    internal bool IsBlobLive(int cf, ReadOnlySpan<byte> key, BlobIndex index)
    {
        var raw = t_raw ??= new ArrayBufferWriter<byte>();
        raw.ResetWrittenCount();
        SuperVersion sv;
        long seq;
        lock (_svLock)
        {
            sv = _cfs[cf].Super;
            sv.Ref();
            seq = Volatile.Read(ref _lastSequence);
        }
        try
        {
            return TryGetRaw(sv, cf, key, seq, raw, out var kind, fillCache: false)
                && kind == ValueKind.BlobIndex
                && BlobIndex.TryDecode(raw.WrittenSpan, out var current)
                && current == index;
        }
        finally
        {
            sv.Unref();
        }
    }

    /// <summary>
    /// Applies GC rewrites through the write queue. They are synced exactly like a synced user write
    /// (older logs closed by a memtable switch, then the current log and its directory entry), and
    /// that happens even when nothing is rewritten, so every write the GC's liveness decisions relied
    /// on is durable before the old blob files can be deleted. The write leader re-checks each key
    /// just before inserting, while no other write can interleave; a key that moved on is skipped. Returns, per rewrite, whether it was applied; <paramref name="sequence"/> = last sequence after it.
    /// </summary>
    internal bool[] WriteBlobRewrites(int cf, List<BlobRewrite> rewrites, out long sequence)
    {
        ThrowIfDisposed();
        using var batch = new WriteBatch();
        Span<byte> buf = stackalloc byte[BlobIndex.MaxEncodedLength];
        foreach (var r in rewrites) batch.Put(cf, r.Key, buf[..r.New.Encode(buf)]);
        var w = new PendingWrite(batch, sync: true, disableWal: false) { Rewrites = rewrites, Applied = new bool[rewrites.Count] };
        RunWriter(w);
        sequence = Volatile.Read(ref _lastSequence);
        return w.Applied;
    }

    /// <summary>Leader only (called from WriteGroup for a rewrite request, never grouped with user writes).</summary>
    private void WriteRewriteGroup(PendingWrite w)
    {
        var rewrites = w.Rewrites!;
        using var filtered = new WriteBatch();
        var i = 0;
        var cf = 0;
        foreach (var op in w.Batch!)
        {
            cf = op.ColumnFamilyId;
            if (IsBlobLive(cf, op.Key, rewrites[i].Old))
            {
                filtered.Put(cf, op.Key, op.Value);
                w.Applied![i] = true;
            }
            i++;
        }
        if (filtered.Count == 0)
        {
            // Still sync: the GC decided other records were dead because of writes that may not be
            // synced yet (also in older logs closed by a memtable switch); they must survive a crash
            // before the old blob files are deleted.
            SyncLogs();
            return;
        }
        var first = _lastSequence + 1;
        var size = 12 + filtered.Data.Length;
        if (_walBuffer.Length < size) _walBuffer = new byte[Math.Max(size, _walBuffer.Length * 2)];
        BinaryPrimitives.WriteInt64LittleEndian(_walBuffer, first);
        BinaryPrimitives.WriteUInt32LittleEndian(_walBuffer.AsSpan(8), (uint)filtered.Count | WalBlobIndexFlag);
        filtered.Data.CopyTo(_walBuffer.AsSpan(12));
        _wal.AddRecord(_walBuffer.AsSpan(0, size));
        SyncLogs(); // as a synced user write: closed logs first, then this log and its directory entry
        var seq = first;
        foreach (var op in filtered) _cfs[op.ColumnFamilyId].Mem.Add(seq++, ValueKind.BlobIndex, op.Key, op.Value);
        Volatile.Write(ref _lastSequence, seq - 1);
    }
}
