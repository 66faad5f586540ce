using Workbench.Storage.BTree.Pages;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.BufferPool;

/// <summary>
/// The buffer pool: a bounded set of page frames over the page file with clock eviction, pinning
/// and dirty tracking. A pinned frame is never evicted; an evicted dirty frame is written back
/// (category <c>page</c>) — safe at any time because a dirty page always lives at a location
/// allocated after the last durable checkpoint (copy-on-write), which no checkpoint references.
/// When every frame is pinned the pool grows past its bound rather than deadlock (counted).
///
/// Thread-safety: one lock guards the map, the clock and all file writes (so checkpoint writes and
/// eviction write-backs never interleave on the single file handle, and the handle's write category
/// is the one of the write). Reads of missing pages happen under the lock too: simple, and the page
/// cache of the OS makes them short. The page file is synced through another handle by the engine,
/// never under this lock (an fsync under it would stall every writer that misses the pool).
/// </summary>
internal sealed class PageCache : IDisposable
{
    private readonly Lock _lock = new();
    // Serializes every write to the page file (lock order: _lock → _ioLock). A page write made from a
    // copy outside _lock (page cleaner, checkpoint) takes _ioLock before it releases _lock, so a later
    // write of the same page (eviction, under both) always lands after it.
    private readonly Lock _ioLock = new();
    private IWritableFile? _copyFile; // a second handle for writes from copies, outside _lock
    private readonly Dictionary<long, Frame> _map = new();
    private readonly List<Frame> _frames = new();
    private readonly IWritableFile _file;
    private readonly string _path;
    private readonly int _pageSize;
    private readonly int _capacity;
    private int _hand;
    private readonly HashSet<long> _writtenSinceSync = new();
    private long _rewritesBeforeSync;
    private int _dirtyCount; // frames with Dirty set, mapped or not (guarded by _lock)
    private long _writeBackMaxTicks; // longest eviction write-back on a caller's (the writer's) path
    private long _cleanedPages;
    // Per-thread cumulative time (Stopwatch ticks) a caller spent waiting for the pool's lock, writing
    // victims back and reading missed pages: the writer diffs its own around a write (WriteParts), so
    // the cleaner's and the checkpointer's time never lands on a write.
    [ThreadStatic] private static long t_lockWaitTicks;
    [ThreadStatic] private static long t_writeBackTicks;
    [ThreadStatic] private static long t_readTicks;

    public PageCache(IWritableFile file, string path, int pageSize, int capacityPages)
    {
        _file = file;
        _path = path;
        _pageSize = pageSize;
        _capacity = Math.Max(16, capacityPages);
    }

    public int PageSize => _pageSize;
    public int CapacityPages => _capacity;
    public long Hits { get; private set; }
    public long Misses { get; private set; }
    public long Evictions { get; private set; }
    public long WriteBacks { get; private set; }
    public long Overcommits { get; private set; }

    /// <summary>Dirty frames now (the page cleaner keeps this below its high-water mark).</summary>
    public int DirtyPages
    {
        get { lock (_lock) return _dirtyCount; }
    }

    /// <summary>Pages written ahead of eviction by <see cref="CleanAhead"/> (category <c>page</c>).</summary>
    public long CleanedPages => Interlocked.Read(ref _cleanedPages);

    /// <summary>Longest single eviction write-back (µs): the IO a writer or reader waited for when it missed the pool and the victim was dirty.</summary>
    public long WriteBackMaxUs => (long)System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writeBackMaxTicks)).TotalMicroseconds;

    /// <summary>The first write-back failure (the engine turns it into a write stop).</summary>
    public Exception? WriteFailure { get; private set; }

    public int ResidentPages
    {
        get { lock (_lock) return _map.Count; }
    }

    /// <summary>
    /// A second handle on the page file: with it, the page cleaner's and the checkpoint's page writes
    /// are made from a copy of the frame outside the pool's lock, so a writer that misses the pool
    /// never waits for their IO (a buffered write can block for tens of milliseconds in the kernel's
    /// dirty-page throttling). Without it (null) they write under the lock as before. Set by the engine.
    /// </summary>
    public IWritableFile? CopyWriteFile
    {
        get => _copyFile;
        set => _copyFile = value;
    }

    /// <summary>This thread's time waiting for the pool's lock (in the calls the write path makes), in Stopwatch ticks, cumulative.</summary>
    public static long ThreadLockWaitTicks => t_lockWaitTicks;
    /// <summary>This thread's time writing dirty eviction victims back, cumulative ticks.</summary>
    public static long ThreadWriteBackTicks => t_writeBackTicks;
    /// <summary>This thread's time reading pages that missed the pool, cumulative ticks.</summary>
    public static long ThreadReadTicks => t_readTicks;

    /// <summary>Takes the pool's lock, timing the wait only when it is contended (one TryEnter otherwise).</summary>
    private void EnterTimed()
    {
        if (_lock.TryEnter()) return;
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        _lock.Enter();
        t_lockWaitTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
    }

    /// <summary>Returns the page pinned; reads and verifies it when not resident.</summary>
    public Frame Fetch(long pageId)
    {
        EnterTimed();
        try
        {
            if (_map.TryGetValue(pageId, out var f))
            {
                f.Pins++;
                f.Referenced = true;
                Hits++;
                return f;
            }
            Misses++;
            f = TakeVictim();
            var r0 = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                ReadVerified(pageId, f.Data);
            }
            catch
            {
                f.PageId = -1;
                throw;
            }
            finally
            {
                t_readTicks += System.Diagnostics.Stopwatch.GetTimestamp() - r0;
            }
            f.PageId = pageId;
            f.Pins = 1;
            SetDirtyLocked(f, false);
            f.Freed = false;
            f.Referenced = true;
            _map[pageId] = f;
            return f;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>A pinned, dirty frame for a freshly allocated page (contents to be initialized by the caller). Detaches any stale frame of that id.</summary>
    public Frame Create(long pageId)
    {
        EnterTimed();
        try
        {
            DetachLocked(pageId);
            var f = TakeVictim();
            f.PageId = pageId;
            f.Pins = 1;
            SetDirtyLocked(f, true);
            f.Freed = false;
            f.Referenced = true;
            _map[pageId] = f;
            return f;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Detaches a stale frame of a page about to be overwritten outside the pool (free-list pages).</summary>
    public void Forget(long pageId)
    {
        lock (_lock) DetachLocked(pageId);
    }

    /// <summary>Drops the frame cached for a page id, if any, without writing it back. Caller holds the lock.</summary>
    private void DetachLocked(long pageId)
    {
        if (_map.Remove(pageId, out var stale))
        {
            stale.PageId = -1;
            SetDirtyLocked(stale, false);
        }
    }

    public void Unpin(Frame frame)
    {
        EnterTimed();
        try
        {
            if (frame.Pins <= 0) throw new InvalidOperationException($"page {frame.PageId} unpinned more often than pinned");
            frame.Pins--;
        }
        finally
        {
            _lock.Exit();
        }
    }

    public void MarkDirty(Frame frame)
    {
        EnterTimed();
        try
        {
            SetDirtyLocked(frame, true);
        }
        finally
        {
            _lock.Exit();
        }
    }

    public void MarkFreed(long pageId)
    {
        lock (_lock)
            if (_map.TryGetValue(pageId, out var f)) f.Freed = true;
    }

    /// <summary>
    /// Ids of every dirty page not freed from the live tree, unsorted (the caller sorts them after
    /// releasing its locks, for sequential-ish IO). Called by
    /// a checkpoint while it holds the tree write lock, so these are exactly the dirty pages of the
    /// tree it freezes; copy-on-write keeps their contents unchanged until they are written.
    /// </summary>
    public List<long> DirtyLivePageIds()
    {
        var list = new List<long>();
        lock (_lock)
        {
            foreach (var f in _frames)
                if (f.PageId >= 0 && f.Dirty && !f.Freed) list.Add(f.PageId);
        }
        return list;
    }

    /// <summary>
    /// Writes page <paramref name="pageId"/> under <paramref name="category"/> if it is still resident
    /// and dirty (an eviction may have written it back meanwhile). Only for pages frozen by a
    /// checkpoint: their frames are not changed by the writer (copy-on-write), so no pin is needed
    /// while the write holds the pool's lock.
    /// </summary>
    public bool WriteIfDirty(long pageId, WriteCategory category)
    {
        _lock.Enter();
        if (!_map.TryGetValue(pageId, out var f) || !f.Dirty)
        {
            _lock.Exit();
            return false;
        }
        if (_copyFile is null || f.WriteInFlight)
        {
            // (In flight: the cleaner is writing this frozen page right now; writing it again under
            // the IO lock waits for that write and costs one duplicate page write, rarely.)
            try
            {
                WriteLocked(f, category);
            }
            finally
            {
                _lock.Exit();
            }
            return true;
        }
        WriteFromCopyAndExit(f, category, _checkpointScratch ??= new byte[_pageSize]);
        return true;
    }

    private byte[]? _checkpointScratch; // the checkpoint thread's (one checkpoint at a time)
    private byte[]? _cleanerScratch; // the cleaner's (one CleanAhead at a time)

    /// <summary>
    /// Writes frame <paramref name="f"/> from a copy: the copy is taken and sealed under the pool's
    /// lock (held on entry; the frame is unpinned or frozen, so not being changed), the IO lock is
    /// taken, the pool's lock released, the copy written through <see cref="CopyWriteFile"/>, and
    /// then, under the pool's lock again, the frame is marked clean if it is still the same page at
    /// the same version (otherwise it was changed meanwhile and stays dirty). Returns with no lock held.
    /// </summary>
    private void WriteFromCopyAndExit(Frame f, WriteCategory category, byte[] scratch)
    {
        var pageId = f.PageId;
        var version = f.Version;
        f.Data.CopyTo(scratch, 0);
        PageChecksum.Seal(scratch);
        f.WriteInFlight = true;
        _ioLock.Enter();
        _lock.Exit();
        Exception? failure = null;
        try
        {
            _copyFile!.Category = category;
            _copyFile.WriteAt(pageId * _pageSize, scratch);
        }
        catch (IOException e)
        {
            failure = e;
        }
        finally
        {
            _ioLock.Exit();
        }
        lock (_lock)
        {
            f.WriteInFlight = false;
            if (failure is not null)
            {
                WriteFailure ??= failure;
                throw failure;
            }
            if (f.PageId == pageId && f.Version == version) SetDirtyLocked(f, false);
            NoteWriteLocked(pageId);
        }
    }

    /// <summary>
    /// Bytes written to a page of the file that was already written since the file's last sync: the
    /// OS page cache still holds that page dirty, so the second write costs the device nothing
    /// (Linux counts write_bytes when a clean cached page becomes dirty). This is the gap between the
    /// engine's byte categories and its device bytes (FORMAT.md, "IO accounting").
    /// </summary>
    public long RewritesBeforeSyncBytes => Interlocked.Read(ref _rewritesBeforeSync);

    /// <summary>
    /// A sync of the page file is about to start: pages written so far will be clean in the OS page
    /// cache once it returns. (Pages written while it runs count as fresh writes next time.)
    /// </summary>
    public void OnSyncStarting()
    {
        lock (_lock) _writtenSinceSync.Clear();
    }

    /// <summary>Writes a raw page image (meta, free list) at page <paramref name="pageId"/>.</summary>
    public void WriteRaw(long pageId, ReadOnlySpan<byte> page, WriteCategory category)
    {
        lock (_lock)
        {
            lock (_ioLock)
            {
                _file.Category = category;
                _file.WriteAt(pageId * _pageSize, page);
            }
            NoteWriteLocked(pageId);
        }
    }

    /// <summary>Reads a raw page image; returns the bytes read (short at end of file).</summary>
    public int ReadRaw(long pageId, Span<byte> page) => _file.ReadAt(pageId * _pageSize, page);

    public long FileLength => _file.Length;

    /// <summary>Reads a page and checks its checksum and self id.</summary>
    private void ReadVerified(long pageId, Span<byte> into)
    {
        var offset = pageId * _pageSize;
        var n = _file.ReadAt(offset, into);
        if (n != _pageSize) throw new CorruptionException(_path, offset, $"page {pageId} is short ({n} of {_pageSize} bytes): the tree points past the end of the file");
        if (!PageChecksum.IsValid(into)) throw new CorruptionException(_path, offset, $"page {pageId} checksum mismatch");
        var id = PageLayout.GetPageId(into);
        if (id != pageId) throw new CorruptionException(_path, offset, $"page {pageId} holds the image of page {id} (misdirected write)");
    }

    private void WriteLocked(Frame frame, WriteCategory category)
    {
        PageChecksum.Seal(frame.Data);
        try
        {
            lock (_ioLock)
            {
                _file.Category = category;
                _file.WriteAt(frame.PageId * _pageSize, frame.Data);
            }
        }
        catch (IOException e)
        {
            WriteFailure ??= e;
            throw;
        }
        SetDirtyLocked(frame, false);
        NoteWriteLocked(frame.PageId);
    }

    private void SetDirtyLocked(Frame frame, bool dirty)
    {
        if (dirty) frame.Version++;
        if (frame.Dirty == dirty) return;
        frame.Dirty = dirty;
        _dirtyCount += dirty ? 1 : -1;
    }

    /// <summary>
    /// The page cleaner's step (InnoDB's page cleaner, LRU-tail flushing): writes back up to
    /// <paramref name="maxPages"/> dirty, unpinned, live frames among the next
    /// <paramref name="window"/> frames ahead of the clock hand — the ones eviction reaches next —
    /// so that a writer missing the pool finds a clean victim instead of doing the write-back
    /// itself. At most <paramref name="perLock"/> pages are written per hold of the pool's lock, so
    /// a writer or reader waits for a few page writes at most. Safe at any time for the same reason
    /// eviction is: a dirty page lives at a location no durable checkpoint references (copy-on-write);
    /// and an unpinned frame is not being changed (the writer changes only pinned frames, and pins
    /// under this lock). Freed frames are skipped (eviction still writes them if a snapshot may read
    /// them). Returns the pages written. A write failure is recorded in <see cref="WriteFailure"/>
    /// and rethrown.
    /// </summary>
    public int CleanAhead(int maxPages, int window, int perLock = 8)
    {
        var written = 0;
        var scanned = 0;
        var pos = -1;
        while (written < maxPages && scanned < window)
        {
            Frame? copyVictim = null;
            _lock.Enter();
            try
            {
                var n = _frames.Count;
                if (n == 0) break;
                if (pos < 0) pos = _hand;
                var inThisHold = 0;
                while (inThisHold < perLock && written < maxPages && scanned < window && scanned < n)
                {
                    var f = _frames[pos % n];
                    pos = (pos + 1) % n;
                    scanned++;
                    if (f.PageId < 0 || !f.Dirty || f.Pins > 0 || f.Freed || f.WriteInFlight) continue;
                    if (_copyFile is not null)
                    {
                        copyVictim = f;
                        break;
                    }
                    WriteLocked(f, WriteCategory.Page);
                    inThisHold++;
                    written++;
                }
                if (copyVictim is null && scanned >= n) break;
            }
            finally
            {
                if (copyVictim is null) _lock.Exit();
            }
            if (copyVictim is not null)
            {
                // One page per hold of the pool's lock, its IO outside it.
                WriteFromCopyAndExit(copyVictim, WriteCategory.Page, _cleanerScratch ??= new byte[_pageSize]);
                written++;
                if (scanned >= _frames.Count) break; // unlocked read of the count: only a bound on the scan
            }
        }
        Interlocked.Add(ref _cleanedPages, written);
        return written;
    }

    private void NoteWriteLocked(long pageId)
    {
        if (!_writtenSinceSync.Add(pageId)) _rewritesBeforeSync += _pageSize;
    }

    /// <summary>
    /// With a page cleaner running, eviction prefers a clean victim (InnoDB's user threads take a
    /// free page the cleaner made and flush a page themselves only when there is none): a dirty
    /// unreferenced frame is passed over for up to <see cref="CleanVictimSearch"/> further frames
    /// while a clean one is looked for, and written back only if none turns up. Set by the engine.
    /// </summary>
    public bool PreferCleanVictims { get; set; }

    /// <summary>Set when a caller had to write a victim back itself (the engine's cleaner waits on it).</summary>
    public AutoResetEvent? CleanerWake { get; set; }

    /// <summary>
    /// Frames passed over after the first dirty candidate while a clean victim is looked for (with
    /// <see cref="PreferCleanVictims"/>); 0 = a whole round of the pool, so a caller writes a victim
    /// back only when every unpinned, unreferenced frame is dirty. The scan costs nanoseconds per
    /// frame under the lock; a write-back is a page write on the caller's path (issue 21 item 5).
    /// </summary>
    public int CleanVictimSearch { get; set; }

    /// <summary>Clock sweep for an unpinned frame; a free frame while under capacity. Caller holds the lock.</summary>
    private Frame TakeVictim()
    {
        if (_frames.Count < _capacity)
        {
            var fresh = new Frame(_pageSize);
            _frames.Add(fresh);
            return fresh;
        }
        Frame? dirtyCandidate = null;
        var sinceCandidate = 0;
        var search = CleanVictimSearch <= 0 ? _frames.Count : Math.Min(CleanVictimSearch, _frames.Count);
        for (var step = 0; step < 3 * _frames.Count; step++)
        {
            var f = _frames[_hand];
            _hand = (_hand + 1) % _frames.Count;
            if (dirtyCandidate is not null && ++sinceCandidate > search) break;
            if (f.Pins > 0 || f.WriteInFlight) continue;
            if (f.PageId >= 0 && f.Referenced)
            {
                f.Referenced = false;
                continue;
            }
            if (f.PageId >= 0 && f.Dirty && PreferCleanVictims)
            {
                dirtyCandidate ??= f;
                continue;
            }
            return Evict(f);
        }
        if (dirtyCandidate is not null) return Evict(dirtyCandidate);
        Overcommits++;
        var extra = new Frame(_pageSize);
        _frames.Add(extra);
        return extra;
    }

    /// <summary>Detaches an unpinned frame from its page, writing it back first if dirty. Caller holds the lock.</summary>
    private Frame Evict(Frame f)
    {
        if (f.PageId >= 0)
        {
            if (f.Dirty)
            {
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                WriteLocked(f, WriteCategory.Page);
                WriteBacks++;
                var took = System.Diagnostics.Stopwatch.GetTimestamp() - t0;
                t_writeBackTicks += took;
                if (took > _writeBackMaxTicks) Interlocked.Exchange(ref _writeBackMaxTicks, took);
                try
                {
                    CleanerWake?.Set();
                }
                catch (ObjectDisposedException)
                {
                    // A reader still pinning pages after the engine was disposed: no cleaner to wake.
                }
            }
            _map.Remove(f.PageId);
            Evictions++;
        }
        f.PageId = -1;
        SetDirtyLocked(f, false);
        f.Freed = false;
        return f;
    }

    public void Dispose()
    {
        // The file handle belongs to the engine; nothing else to release (frames are managed memory).
    }
}
