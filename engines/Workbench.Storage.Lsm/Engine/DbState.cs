using System.Buffers;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Lsm.Wal;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// What the parts of one LSM engine share (the engine facade, <see cref="WritePath"/>,
/// <see cref="BackgroundWork"/>): the column families, the version set, the logs, the published
/// sequence, the background error, and the rules that keep them consistent.
///
/// Locks (acquire in this order, never the reverse): write leadership (<see cref="WritePath"/>'s
/// group-commit queue; its own lock is a leaf, held only to link and unlink writers), the engine mutex <see cref="Mutex"/> (column-family state, version set, background work,
/// log switching, <see cref="BgError"/>, <see cref="ShuttingDown"/>), the super-version lock
/// <see cref="SvLock"/> (publishing and acquiring read views), the snapshot lock. Readers take only
/// the super-version lock briefly and otherwise run lock-free.
/// </summary>
internal sealed class DbState
{
    public DbState(object owner, CountingFileSystem fs, string dir, LsmOptions options, ColumnFamilyState[] cfs, VersionSet versions,
        LsmStatistics stats, TableCache tables, TableOutputContext outputs, IValueSeparator? separator)
    {
        Owner = owner;
        Fs = fs;
        Dir = dir;
        Options = options;
        Cfs = cfs;
        Versions = versions;
        Stats = stats;
        Tables = tables;
        Outputs = outputs;
        Separator = separator;
        Lookup = new PointLookup(tables, stats);
        long chunks = 1;
        foreach (var cf in cfs) chunks = Math.Max(chunks, cf.Options.WriteBufferSize / MemtableArena.ChunkSize + 1);
        MemtablePool = new MemtableChunkPool((int)Math.Min(chunks, 4096));
    }

    /// <summary>Arena chunks of released memtables, for new ones: at most one (largest) memtable's worth.</summary>
    public MemtableChunkPool MemtablePool { get; }

    /// <summary>The engine, for <see cref="ObjectDisposedException"/>s.</summary>
    public object Owner { get; }
    public CountingFileSystem Fs { get; }
    public string Dir { get; }
    public LsmOptions Options { get; }
    public ColumnFamilyState[] Cfs { get; }
    public VersionSet Versions { get; }
    public LsmStatistics Stats { get; }
    public TableCache Tables { get; }
    public TableOutputContext Outputs { get; }
    public IValueSeparator? Separator { get; }
    public PointLookup Lookup { get; }
    public SnapshotList Snapshots { get; } = new();
    public object Mutex { get; } = new();
    public Lock SvLock { get; } = new();

    /// <summary>The WAL files; set once by recovery, before any other thread runs.</summary>
    public LogFiles Logs { get; set; } = null!;

    /// <summary>The last published sequence: written by the write leader (Volatile.Write), read with Volatile.Read.</summary>
    public long LastSequence;

    /// <summary>The first background or write failure (guarded by the mutex; read racily by the write fast path): writes stop.</summary>
    public Exception? BgError;

    /// <summary>Set under the mutex at close: background work stops.</summary>
    public bool ShuttingDown;

    public volatile bool Disposed;

    public void ThrowIfStopped()
    {
        if (BgError is not null)
            throw new EngineWriteStoppedException($"lsm engine stopped accepting writes after an earlier failure ({BgError.Message}); reopen it", BgError);
        ObjectDisposedException.ThrowIf(Disposed, Owner);
    }

    public void SetBackgroundError(Exception e)
    {
        lock (Mutex)
        {
            BgError ??= e;
            Monitor.PulseAll(Mutex);
        }
    }

    private readonly List<string> _obsoleteFiles = []; // guarded by the mutex

    /// <summary>Under the mutex: a table no version lists any more, deleted later outside the mutex (<see cref="DeleteObsoleteFiles"/>).</summary>
    public void QueueObsoleteFile(string path)
    {
        _obsoleteFiles.Add(path);
        Monitor.PulseAll(Mutex); // an idle background thread does it
    }

    /// <summary>Whether tables wait for deletion (under the mutex).</summary>
    public bool HasObsoleteFiles => _obsoleteFiles.Count > 0;

    /// <summary>
    /// Deletes the queued tables. With the mutex held by the caller it is released for the unlinks
    /// (background threads); without it (close) it is taken only to take the list.
    /// </summary>
    public void DeleteObsoleteFiles()
    {
        var held = Monitor.IsEntered(Mutex);
        string[] paths;
        lock (Mutex)
        {
            if (_obsoleteFiles.Count == 0) return;
            paths = [.. _obsoleteFiles];
            _obsoleteFiles.Clear();
        }
        if (held) Monitor.Exit(Mutex);
        try
        {
            foreach (var p in paths) FileDeletion.TryDelete(Fs, p);
        }
        finally
        {
            if (held) Monitor.Enter(Mutex);
        }
    }

    /// <summary>Under the mutex: publishes a new read view of <paramref name="cf"/>.</summary>
    public void InstallSuperVersion(ColumnFamilyState cf)
    {
        var imm = new Memtable[cf.Immutables.Count];
        for (var i = 0; i < imm.Length; i++) imm[i] = cf.Immutables[imm.Length - 1 - i];
        var sv = new SuperVersion(cf.Mem, imm, Versions.Current);
        cf.PendingCompactionBytes = CompactionPicker.EstimatePendingCompactionBytes(cf, sv.Version);
        SuperVersion? old;
        lock (SvLock)
        {
            old = cf.Super;
            cf.Super = sv;
        }
        old?.Unref();
    }

    /// <summary>The oldest sequence some reader may still ask for: compaction keeps what it needs.</summary>
    public long SmallestSnapshot() => Snapshots.Smallest(ref LastSequence);

    /// <summary>Under the mutex, after an edit adding <paramref name="added"/> is installed (the new view published first).</summary>
    public void OnTablesAdded(List<FileMetadata> added)
    {
        if (Separator is null) return;
        var tables = new List<(long, TableProperties)>(added.Count);
        foreach (var f in added) tables.Add((f.Number, Tables.Get(f).Properties));
        Separator.OnTablesAdded(tables);
    }

    /// <summary>The newest entry of the key at the last published sequence, raw; no block-cache fill (GC checks).</summary>
    public bool TryGetLatestRaw(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> raw, out ValueKind kind)
    {
        SuperVersion sv;
        long seq;
        lock (SvLock)
        {
            sv = Cfs[cf].Super;
            sv.Ref();
            seq = Volatile.Read(ref LastSequence);
        }
        try
        {
            return Lookup.TryGet(sv, cf, key, seq, raw, out kind, fillCache: false, countMemtableHit: false);
        }
        finally
        {
            sv.Unref();
        }
    }

    /// <summary>
    /// The memtables (any column family) that hold DisableWal writes and are not flushed yet: those
    /// writes are durable only once these are flushed, so a value separator's GC may not delete a file whose records it
    /// judged dead on their account before then. Null when there is none (the common case).
    /// </summary>
    public List<Memtable>? UnflushedUnloggedMemtables()
    {
        List<Memtable>? result = null;
        lock (Mutex)
        {
            foreach (var cf in Cfs)
            {
                if (cf.Mem.HasUnloggedWrites) (result ??= []).Add(cf.Mem);
                foreach (var m in cf.Immutables)
                    if (m.HasUnloggedWrites) (result ??= []).Add(m);
            }
        }
        return result;
    }
}
