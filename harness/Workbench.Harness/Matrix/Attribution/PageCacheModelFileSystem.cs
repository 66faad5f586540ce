using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Harness.Matrix.Attribution;

/// <summary>
/// Wraps a file system and counts, by <see cref="WriteCategory"/>, the bytes Linux charges to
/// <c>write_bytes</c> in <c>/proc/&lt;pid&gt;/io</c> for the writes through it: the kernel charges
/// one whole page each time a clean page of a file becomes dirty (account_page_dirtied), so a
/// 100-byte append after an fsync costs a 4 KiB page, and many small unsynced appends to one page
/// cost it once (measured: 200 × 100 B appends each followed by fsync = 840 KiB of write_bytes;
/// the same appends with one fsync at the end = 20 KiB; docs/measurements/attribution.md).
/// The model keeps, per file path (the page cache is per inode, so it outlives a handle), the set
/// of pages dirtied since the file's last sync; a write charges the pages of its range not in the
/// set; a sync empties it. What it does not see: the kernel's background writeback cleaning a
/// page that is dirtied again later (after dirty_expire_centisecs, 30 s by default), and
/// metadata (directory blocks, inodes, the ext4 journal, which jbd2 writes and /proc does not
/// charge to us). Thread-safe: the map is concurrent, each file's set is guarded by its own lock.
/// </summary>
internal sealed class PageCacheModelFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly Func<string, string?> _ownerOfPath;
    private readonly ConcurrentDictionary<string, DirtyPages> _files = new(StringComparer.Ordinal);
    // Keyed by (owner, category), not by the "layer.category" name, so a write builds no string.
    private readonly ConcurrentDictionary<(string? Owner, WriteCategory Category), StrongBox<long>> _charged = new();

    /// <param name="inner">The file system that does the IO.</param>
    /// <param name="ownerOfPath">
    /// The layer a file belongs to by its path (e.g. "pd" for the placement driver's files), or null
    /// to take it from the category: raft_log and snapshot are the raft layer's, the rest the engine's.
    /// </param>
    public PageCacheModelFileSystem(IFileSystem inner, Func<string, string?>? ownerOfPath = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _ownerOfPath = ownerOfPath ?? (_ => null);
    }

    /// <summary>The page size the kernel charges in (the system's).</summary>
    public static int PageSize { get; } = Environment.SystemPageSize;

    /// <summary>Bytes charged so far (whole pages) by "layer.category" (e.g. raft.raft_log, engine.wal), monotonic.</summary>
    public Dictionary<string, long> Charged()
    {
        var copy = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((owner, category), v) in _charged)
        {
            var key = (owner ?? LayerOf(category)) + "." + category.ToName();
            copy[key] = copy.GetValueOrDefault(key) + Interlocked.Read(ref v.Value);
        }
        return copy;
    }

    /// <summary>The layer a category is caused by when the path does not say (DESIGN.md §5.5).</summary>
    public static string LayerOf(WriteCategory category) => category is WriteCategory.RaftLog or WriteCategory.Snapshot ? "raft" : "engine";

    public IWritableFile CreateFile(string path, WriteCategory category)
    {
        var file = _inner.CreateFile(path, category);
        // Creating truncates: the old pages are gone (cancelled, not charged again).
        var pages = _files.AddOrUpdate(path, _ => new DirtyPages(), (_, p) => p.Cleared());
        return new ModelFile(file, pages, this, _ownerOfPath(path));
    }

    public IWritableFile OpenWritable(string path, WriteCategory category) =>
        new ModelFile(_inner.OpenWritable(path, category), _files.GetOrAdd(path, _ => new DirtyPages()), this, _ownerOfPath(path));

    public IReadableFile OpenRead(string path) => _inner.OpenRead(path);
    public IReadableFile OpenRead(string path, ReadMode mode) => _inner.OpenRead(path, mode);
    public bool FileExists(string path) => _inner.FileExists(path);
    public long GetFileSize(string path) => _inner.GetFileSize(path);

    public void DeleteFile(string path)
    {
        _inner.DeleteFile(path);
        _files.TryRemove(path, out _);
    }

    public void RenameFile(string source, string destination)
    {
        _inner.RenameFile(source, destination);
        // The inode moves with its dirty pages; whatever was at the destination is gone.
        _files.TryRemove(destination, out _);
        if (_files.TryRemove(source, out var pages)) _files[destination] = pages;
    }

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);
    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);
    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);
    public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

    public void DeleteDirectory(string path)
    {
        _inner.DeleteDirectory(path);
        var prefix = path.EndsWith('/') ? path : path + "/";
        foreach (var key in _files.Keys)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) _files.TryRemove(key, out _);
    }

    private void Charge(string? owner, WriteCategory category, long pages)
    {
        if (pages <= 0) return;
        Interlocked.Add(ref _charged.GetOrAdd((owner, category), static _ => new StrongBox<long>()).Value, pages * PageSize);
    }

    /// <summary>The pages of one file dirtied since its last sync.</summary>
    private sealed class DirtyPages
    {
        private readonly Lock _lock = new();
        private readonly HashSet<long> _pages = [];

        public DirtyPages Cleared()
        {
            lock (_lock) _pages.Clear();
            return this;
        }

        /// <summary>Marks the pages of [offset, offset+length) dirty; returns how many were clean.</summary>
        public long Dirty(long offset, long length)
        {
            if (length <= 0) return 0;
            var first = offset / PageSize;
            var last = (offset + length - 1) / PageSize;
            long fresh = 0;
            lock (_lock)
                for (var p = first; p <= last; p++)
                    if (_pages.Add(p)) fresh++;
            return fresh;
        }

        public void Synced()
        {
            lock (_lock) _pages.Clear();
        }

        public void TruncatedTo(long length)
        {
            var keep = (length + PageSize - 1) / PageSize;
            lock (_lock) _pages.RemoveWhere(p => p >= keep);
        }
    }

    private sealed class ModelFile(IWritableFile file, DirtyPages pages, PageCacheModelFileSystem fs, string? owner) : IWritableFile
    {
        public string Path => file.Path;
        public long Length => file.Length;

        public WriteCategory Category
        {
            get => file.Category;
            set => file.Category = value;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            // One writer at a time (IWritableFile's contract), so Length before the append is where it lands.
            var at = file.Length;
            file.Append(data);
            fs.Charge(owner, file.Category, pages.Dirty(at, data.Length));
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            file.WriteAt(offset, data);
            fs.Charge(owner, file.Category, pages.Dirty(offset, data.Length));
        }

        public int ReadAt(long offset, Span<byte> buffer) => file.ReadAt(offset, buffer);
        public void Flush() => file.Flush();

        public void Sync()
        {
            file.Sync();
            pages.Synced();
        }

        public void Truncate(long length)
        {
            file.Truncate(length);
            pages.TruncatedTo(length);
        }

        public void Dispose() => file.Dispose();
    }
}
