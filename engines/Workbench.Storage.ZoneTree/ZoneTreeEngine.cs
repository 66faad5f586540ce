using System.Buffers;
using System.Globalization;
using System.Text;
using global::ZoneTree;
using global::ZoneTree.Comparers;
using global::ZoneTree.Options;
using global::ZoneTree.Serializers;
using global::ZoneTree.Transactional;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lifetime;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// The engine contract over ZoneTree's MVCC transactional tree. ZoneTree's transactions and snapshots
/// are those of one tree; a tree per column family could not make a batch atomic across column
/// families (nor give one snapshot over them). So all column families share one tree and a stored
/// key is a 1-byte column-family prefix followed by the user key (FORMAT.md); the prefix of each name
/// is recorded in <see cref="ColumnFamilyFile"/> so reopening with another order keeps the data apart.
/// A batch is one ZoneTree transaction (writers serialized by <see cref="_writeGate"/>, so optimistic
/// transactions never conflict); a snapshot is a read-only transaction; an iterator without one takes
/// its own. A ZoneTree maintainer moves full mutable segments forward and merges them in the
/// background. A failure on the write path latches the engine into refusing writes until reopened.
/// </summary>
internal sealed class ZoneTreeEngine : IKvEngine
{
    internal const string ColumnFamilyFile = "workbench-column-families";

    private readonly ITransactionalZoneTree<byte[], byte[]> _tree;
    private readonly IMaintainer _maintainer;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly byte[] _prefixes;
    private readonly string _directory;
    private readonly Lock _writeGate = new();
    private readonly LiveHandles _live = new(); // open iterators and snapshots, closed by Dispose
    private readonly IoCounters _io = new();
    private Exception? _writeFailure;
    private long _merges;
    private long _commits;

    private ZoneTreeEngine(ITransactionalZoneTree<byte[], byte[]> tree, IMaintainer maintainer, IReadOnlyList<ColumnFamilyDescriptor> cfs, byte[] prefixes, string directory)
    {
        _tree = tree;
        _maintainer = maintainer;
        _prefixes = prefixes;
        _directory = directory;
        _handles = new ColumnFamilyHandle[cfs.Count];
        for (var i = 0; i < cfs.Count; i++) _handles[i] = new ColumnFamilyHandle(i, cfs[i].Name, this);
        _tree.Maintenance.ZoneTree.Maintenance.OnMergeOperationEnded += (_, _) => Interlocked.Increment(ref _merges);
    }

    public string Name => ZoneTreeEngineFactory.EngineName;
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    public static ZoneTreeEngine Open(EngineOpenRequest request)
    {
        var o = ZoneTreeOptions.From(request.Options);
        Directory.CreateDirectory(request.Directory);
        // Before ZoneTree or the column-family file is read or written: the directory is a zonetree
        // one (or new), not another engine's.
        EngineIdentity.Claim(LocalFileSystem.Instance, Path.GetFullPath(request.Directory), ZoneTreeEngineFactory.EngineName, ZoneTreeEngineFactory.IdentityFormatVersion, ZoneTreeEngineFactory.OwnsZoneTreeFile);
        var prefixes = AssignPrefixes(request.Directory, request.ColumnFamilies);
        ITransactionalZoneTree<byte[], byte[]> tree;
        try
        {
            tree = new ZoneTreeFactory<byte[], byte[]>()
                .SetComparer(new BytesLexicographicComparerAscending())
                .SetKeySerializer(new BytesSerializer())
                .SetValueSerializer(new BytesSerializer())
                .SetDataDirectory(request.Directory)
                .SetMutableSegmentMaxItemCount(o.MutableSegmentMaxItemCount)
                .SetDiskSegmentMaxItemCount(o.DiskSegmentMaxItemCount)
                .ConfigureDiskSegmentOptions(d => d.CompressionMethod = o.DiskSegmentCompression)
                .ConfigureWriteAheadLogOptions(w => w.WriteAheadLogMode = o.WalMode)
                .SetLogLevel(global::ZoneTree.Logger.LogLevel.Error)
                .OpenOrCreateTransactional();
        }
        catch (IOException e)
        {
            throw StorageIOException.From(e, $"zonetree: cannot open {request.Directory}");
        }
        catch (Exception e) when (e is global::ZoneTree.Exceptions.ZoneTreeException or InvalidOperationException)
        {
            throw new StorageException($"zonetree: cannot open {request.Directory}: {e.Message}", e);
        }
        var maintainer = tree.CreateMaintainer();
        maintainer.ThresholdForMergeOperationStart = o.MergeThreshold;
        return new ZoneTreeEngine(tree, maintainer, request.ColumnFamilies, prefixes, request.Directory);
    }

    /// <summary>Reads the name → prefix list, appends names seen for the first time (durably), and returns each declared CF's prefix.</summary>
    private static byte[] AssignPrefixes(string directory, IReadOnlyList<ColumnFamilyDescriptor> cfs)
    {
        var path = Path.Combine(directory, ColumnFamilyFile);
        var known = File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : new List<string>();
        var changed = false;
        var prefixes = new byte[cfs.Count];
        for (var i = 0; i < cfs.Count; i++)
        {
            var index = known.IndexOf(cfs[i].Name);
            if (index < 0)
            {
                if (known.Count >= 256) throw new EngineConfigException($"zonetree: at most 256 column families over the life of {directory}");
                if (cfs[i].Name.Contains('\n', StringComparison.Ordinal)) throw new EngineConfigException($"zonetree: column family name '{cfs[i].Name}' contains a newline");
                known.Add(cfs[i].Name);
                index = known.Count - 1;
                changed = true;
            }
            prefixes[i] = (byte)index;
        }
        if (changed)
        {
            var tmp = path + ".tmp";
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                f.Write(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', known) + "\n"));
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
            LocalFileSystem.Instance.SyncDirectory(directory);
        }
        return prefixes;
    }

    internal byte[] StoredKey(ColumnFamilyHandle cf, ReadOnlySpan<byte> key)
    {
        var stored = new byte[key.Length + 1];
        stored[0] = _prefixes[cf.Id];
        key.CopyTo(stored.AsSpan(1));
        return stored;
    }

    internal byte PrefixOf(ColumnFamilyHandle cf) => _prefixes[cf.Id];

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        CheckHandle(cf);
        ArgumentNullException.ThrowIfNull(value);
        var snapshot = SnapshotOf(options);
        var stored = StoredKey(cf, key);
        byte[]? found;
        bool present;
        if (snapshot is not null)
        {
            lock (snapshot.Gate)
            {
                ObjectDisposedException.ThrowIf(snapshot.Disposed, snapshot);
                present = snapshot.Transaction.TryGet(stored, out found);
            }
        }
        else
        {
            present = _tree.TryGet(stored, out found);
        }
        if (!present) return false;
        value.Write(found);
        return true;
    }

    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_handles.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_handles.Length}", nameof(batch));
        var sync = options?.Sync == true;
        lock (_writeGate)
        {
            ThrowIfDisposed();
            if (_writeFailure is { } failure)
                throw new EngineWriteStoppedException($"zonetree engine stopped accepting writes after an earlier failure; reopen it ({failure.Message})", failure);
            try
            {
                var txn = _tree.BeginTransaction(TransactionIsolationLevel.Snapshot);
                foreach (var op in batch)
                {
                    var stored = StoredKey(_handles[op.ColumnFamilyId], op.Key);
                    if (op.Kind == WriteBatchOperationKind.Put) txn.Upsert(stored, op.Value.ToArray());
                    else txn.Delete(stored);
                }
                if (sync)
                {
                    txn.CommitDurableAsync(CancellationToken.None).GetAwaiter().GetResult();
                    _io.AddSync();
                }
                else
                {
                    txn.Commit();
                }
                _commits++;
            }
            catch (Exception e) when (e is IOException or global::ZoneTree.Exceptions.ZoneTreeException or InvalidOperationException)
            {
                _writeFailure = e;
                throw new EngineWriteStoppedException($"zonetree write failed; the engine refuses writes until reopened: {e.Message}", e);
            }
        }
    }

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        CheckHandle(cf);
        var snapshot = SnapshotOf(options);
        var it = snapshot is not null
            ? new ZoneTreeIterator(this, cf, snapshot.Transaction, snapshot, ownsTransaction: false, options!.LowerBound, options.UpperBound)
            : new ZoneTreeIterator(this, cf, _tree.BeginReadOnlyTransaction(), null, ownsTransaction: true, options?.LowerBound, options?.UpperBound);
        Track(it);
        return it;
    }

    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        var s = new ZoneTreeSnapshot(this, _tree.BeginReadOnlyTransaction());
        Track(s);
        return s;
    }

    /// <summary>Moves the mutable segment forward and waits until the maintainer merged it into the disk segment; then saves the tree's metadata.</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        lock (_writeGate)
        {
            _maintainer.EvictToDisk();
            _maintainer.WaitForBackgroundThreads();
            _tree.Maintenance.SaveMetaData();
        }
    }

    /// <summary>ZoneTree has one disk segment that every merge rewrites: the whole-tree merge of <see cref="Flush"/> is its compaction (ranges are not separable).</summary>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        CheckHandle(cf);
        Flush();
    }

    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var m = _tree.Maintenance.ZoneTree.Maintenance;
        var counters = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [ZoneTreeCounterNames.MutableRecords] = m.MutableSegmentRecordCount,
            [ZoneTreeCounterNames.ReadOnlySegments] = m.ReadOnlySegmentsCount,
            [ZoneTreeCounterNames.ReadOnlyRecords] = m.ReadOnlySegmentsRecordCount,
            [ZoneTreeCounterNames.BottomSegments] = m.BottomSegments.Count,
            [ZoneTreeCounterNames.Merges] = Interlocked.Read(ref _merges),
            [ZoneTreeCounterNames.Commits] = Interlocked.Read(ref _commits),
            [ZoneTreeCounterNames.ActiveTransactions] = _tree.Maintenance.ActiveTransactionCount,
            [ZoneTreeCounterNames.LastCommitTimestamp] = _tree.Maintenance.LastCommitTimestamp,
        };
        var (wal, segments, total) = FileBytes();
        counters[ZoneTreeCounterNames.WalBytesOnDisk] = wal;
        counters[ZoneTreeCounterNames.SegmentBytesOnDisk] = segments;
        return new EngineMetrics(_io.Snapshot(), total, counters);
    }

    /// <summary>"stats": segment counts and the bytes of WAL and segment files now on disk; null for other names.</summary>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var sb = new StringBuilder();
        foreach (var (k, v) in GetMetrics().Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append(k).Append(' ').Append(v.ToString(CultureInfo.InvariantCulture)).AppendLine();
        return sb.ToString();
    }

    public void Dispose()
    {
        if (!_live.Close()) return; // closes open iterators and snapshots first
        lock (_writeGate)
        {
            _maintainer.WaitForBackgroundThreads();
            _maintainer.Dispose();
            _tree.Maintenance.SaveMetaData();
            (_tree as IDisposable)?.Dispose();
        }
    }

    // ---- internals ----

    internal void Untrack(IDisposable d)
    {
        _live.Untrack(d);
    }

    private void Track(IDisposable d)
    {
        if (!_live.TryTrack(d)) ThrowIfDisposed();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_live.IsClosed, this);

    private void CheckHandle(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
    }

    private ZoneTreeSnapshot? SnapshotOf(ReadOptions? options)
    {
        if (options?.Snapshot is null) return null;
        if (options.Snapshot is not ZoneTreeSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s;
    }

    /// <summary>Bytes of write-ahead-log files, of segment files, and of everything under the directory.</summary>
    private (long Wal, long Segments, long Total) FileBytes()
    {
        long wal = 0, total = 0;
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                var n = file.Length;
                total += n;
                if (file.Name.Contains(".wal", StringComparison.Ordinal)) wal += n;
            }
            catch (FileNotFoundException)
            {
                // removed by a merge while we listed
            }
        }
        return (wal, total - wal, total);
    }
}
