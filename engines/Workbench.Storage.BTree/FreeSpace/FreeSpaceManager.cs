namespace Workbench.Storage.BTree.FreeSpace;

/// <summary>
/// Which pages of the file may be (re)used. A page leaves the live tree in three ways:
/// <list type="bullet">
/// <item>freed in the same write epoch it was allocated in: nobody else can have seen it (no
/// checkpoint references it, no snapshot was taken since) — reusable at once;</item>
/// <item>created after the last checkpoint began but in an earlier epoch (a snapshot froze it): no
/// checkpoint references it, so it waits only until no snapshot taken before it was freed remains
/// (the scan-then-write pattern: each iterator freezes the epoch, the next write copies the path);</item>
/// <item>otherwise it waits for the next durable checkpoint (the previous one may still reference it)
/// and then for the snapshots as above;</item>
/// <item>pages holding the durable free list are released when the next checkpoint is durable.</item>
/// <item>while a checkpoint writes in the background, pages freed after it froze the tree wait for
/// the checkpoint after it (it references them); pages freed before wait only for it.</item>
/// </list>
/// Allocation takes the lowest reusable page id (keeps the file dense) or extends the file.
/// Thread-safety: one lock; called by the tree writer, the checkpointer and snapshot disposal.
/// </summary>
internal sealed class FreeSpaceManager
{
    private readonly Lock _lock = new();
    private readonly SortedSet<long> _reusable = new();
    private readonly List<(long Page, long FreedEpoch)> _freedSinceCheckpoint = new();
    private readonly List<(long Page, long FreedEpoch)> _freedBeforeInFlight = new(); // freed before the in-flight checkpoint froze the tree
    private readonly List<(long Page, long FreedEpoch)> _awaitingSnapshots = new();
    private List<long> _durableFreeListPages;
    private long _pageCount;

    public FreeSpaceManager(long pageCount, IEnumerable<long> free, List<long> freeListPages)
    {
        _pageCount = pageCount;
        foreach (var p in free) _reusable.Add(p);
        _durableFreeListPages = freeListPages;
    }

    /// <summary>High-water mark: pages 0 .. PageCount-1 exist in the file's address space.</summary>
    public long PageCount
    {
        get { lock (_lock) return _pageCount; }
    }

    public long ReusableCount
    {
        get { lock (_lock) return _reusable.Count; }
    }

    /// <summary>Pages not in the live tree (reusable, waiting for a checkpoint or a snapshot, old free list).</summary>
    public long FreeOrPendingCount
    {
        get { lock (_lock) return _reusable.Count + _freedSinceCheckpoint.Count + _freedBeforeInFlight.Count + _awaitingSnapshots.Count + _durableFreeListPages.Count; }
    }

    public long Allocate()
    {
        lock (_lock) return AllocateLocked();
    }

    private long AllocateLocked()
    {
        if (_reusable.Count > 0)
        {
            var min = _reusable.Min;
            _reusable.Remove(min);
            return min;
        }
        return _pageCount++;
    }

    public void FreeNow(long page)
    {
        lock (_lock) _reusable.Add(page);
    }

    public void FreeAfterSnapshots(long page, long freedEpoch, long oldestSnapshotEpoch)
    {
        lock (_lock)
        {
            if (oldestSnapshotEpoch >= freedEpoch) _reusable.Add(page);
            else _awaitingSnapshots.Add((page, freedEpoch));
        }
    }

    public void FreeAfterCheckpoint(long page, long freedEpoch)
    {
        lock (_lock) _freedSinceCheckpoint.Add((page, freedEpoch));
    }

    /// <summary>
    /// Everything free once the checkpoint being written is durable (what it records as its free
    /// list): all of the above plus the old free-list pages, sorted. Also what the tree verifier
    /// checks against (with the pages freed while a checkpoint is in flight).
    /// </summary>
    public List<long> FreeAsOfNewCheckpoint()
    {
        lock (_lock) return FreeAsOfNewCheckpointLocked();
    }

    private List<long> FreeAsOfNewCheckpointLocked()
    {
        {
            var list = new List<long>(_reusable.Count + _freedSinceCheckpoint.Count + _freedBeforeInFlight.Count + _awaitingSnapshots.Count + _durableFreeListPages.Count);
            list.AddRange(_reusable);
            foreach (var (p, _) in _freedSinceCheckpoint) list.Add(p);
            foreach (var (p, _) in _freedBeforeInFlight) list.Add(p);
            foreach (var (p, _) in _awaitingSnapshots) list.Add(p);
            list.AddRange(_durableFreeListPages);
            list.Sort();
            return list;
        }
    }

    /// <summary>
    /// A checkpoint freezes the tree (caller holds the tree write lock, so no page is freed or
    /// allocated meanwhile): returns its free list, takes from the free space the pages that will
    /// hold that list (so no writer can allocate them while the checkpoint writes in the
    /// background), and sets aside the pages freed so far that the previous checkpoint references.
    /// Pages freed from now on wait for the checkpoint after this one: this one references them.
    /// The free list is returned unsorted and still holding its own pages: <see cref="SortFreeList"/>.
    /// </summary>
    public (List<long> Free, List<long> FreeListPages) BeginCheckpoint(int idsPerPage)
    {
        List<long> free;
        var pages = new List<long>();
        lock (_lock)
        {
            if (_freedBeforeInFlight.Count > 0) throw new InvalidOperationException("a checkpoint is already in flight");
            // Copied unsorted here (the caller holds the tree write lock: writers wait); sorted below.
            free = new List<long>(_reusable.Count + _freedSinceCheckpoint.Count + _awaitingSnapshots.Count + _durableFreeListPages.Count);
            free.AddRange(_reusable);
            foreach (var (p, _) in _freedSinceCheckpoint) free.Add(p);
            foreach (var (p, _) in _awaitingSnapshots) free.Add(p);
            free.AddRange(_durableFreeListPages);
            var count = free.Count;
            while ((long)pages.Count * idsPerPage < count)
            {
                if (_reusable.Count > 0) count--; // the page comes out of the free list it is to hold
                pages.Add(AllocateLocked());
            }
            _freedBeforeInFlight.AddRange(_freedSinceCheckpoint);
            _freedSinceCheckpoint.Clear();
        }
        return (free, pages);
    }

    /// <summary>
    /// Turns what <see cref="BeginCheckpoint"/> returned into the checkpoint's free list: without the
    /// pages that hold it, sorted. Run after the freeze, without locks (the lists are the caller's).
    /// </summary>
    public static void SortFreeList(List<long> free, List<long> freeListPages)
    {
        if (freeListPages.Count > 0)
        {
            var taken = new HashSet<long>(freeListPages);
            free.RemoveAll(taken.Contains);
        }
        free.Sort();
    }

    /// <summary>The checkpoint begun last is durable: pages it no longer references move on.</summary>
    public void OnCheckpointDurable(List<long> newFreeListPages, long oldestSnapshotEpoch)
    {
        lock (_lock)
        {
            foreach (var p in _durableFreeListPages) _reusable.Add(p);
            _durableFreeListPages = newFreeListPages;
            _awaitingSnapshots.AddRange(_freedBeforeInFlight);
            _freedBeforeInFlight.Clear();
            ReleaseLocked(oldestSnapshotEpoch);
        }
    }

    /// <summary>
    /// Makes reusable the pages no live snapshot can read: a snapshot taken at epoch s can see a page
    /// freed in epoch f only when s &lt; f. <paramref name="oldestSnapshotEpoch"/> = long.MaxValue when none.
    /// </summary>
    public void Release(long oldestSnapshotEpoch)
    {
        lock (_lock) ReleaseLocked(oldestSnapshotEpoch);
    }

    private void ReleaseLocked(long oldestSnapshotEpoch)
    {
        var kept = 0;
        for (var i = 0; i < _awaitingSnapshots.Count; i++)
        {
            var e = _awaitingSnapshots[i];
            if (oldestSnapshotEpoch >= e.FreedEpoch) _reusable.Add(e.Page);
            else _awaitingSnapshots[kept++] = e;
        }
        _awaitingSnapshots.RemoveRange(kept, _awaitingSnapshots.Count - kept);
    }
}
