using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.FreeSpace;
using Workbench.Storage.BTree.Pages;

namespace Workbench.Storage.BTree.Tree;

/// <summary>
/// Copy-on-write page access for the tree writer. Every page carries the write epoch it was created
/// in. The writer may change a page in place only when its epoch is the current one; otherwise the
/// page is copied to a newly allocated page (new id, current epoch) and the old one is freed. The
/// epoch advances at each checkpoint (so checkpointed pages are never overwritten) and when a
/// snapshot is taken after pages of the current epoch were written (so pages a snapshot can reach
/// are never changed under it). Writer-only except <see cref="Fetch"/>/<see cref="Unpin"/>.
/// </summary>
internal sealed class PageStore
{
    private readonly Func<long> _oldestSnapshotEpoch;

    public PageStore(PageCache cache, FreeSpaceManager space, long writeEpoch, Func<long> oldestSnapshotEpoch)
    {
        Cache = cache;
        Space = space;
        WriteEpoch = writeEpoch;
        CheckpointEpoch = writeEpoch - 1;
        _oldestSnapshotEpoch = oldestSnapshotEpoch;
    }

    public PageCache Cache { get; }
    public FreeSpaceManager Space { get; }

    /// <summary>Current write epoch; changed only under the engine's tree write lock.</summary>
    public long WriteEpoch { get; private set; }

    /// <summary>Highest epoch whose pages a checkpoint (durable or being written) may reference.</summary>
    public long CheckpointEpoch { get; private set; }

    /// <summary>Whether any page carries <see cref="WriteEpoch"/> (if not, advancing it is pointless).</summary>
    public bool EpochUsed { get; private set; }

    public long CowCopies { get; private set; }
    public long PagesAllocated { get; private set; }
    public long PagesFreed { get; private set; }

    /// <summary>Freezes every page written so far: later changes copy. Returns the last frozen epoch.</summary>
    public long Freeze()
    {
        if (EpochUsed)
        {
            WriteEpoch++;
            EpochUsed = false;
        }
        return WriteEpoch - 1;
    }

    /// <summary>Freezes for a checkpoint: pages of every epoch up to the returned one may be in it.</summary>
    public long FreezeForCheckpoint()
    {
        CheckpointEpoch = Freeze();
        return CheckpointEpoch;
    }

    public Frame Fetch(long pageId) => Cache.Fetch(pageId);
    public void Unpin(Frame frame) => Cache.Unpin(frame);

    public Frame Allocate(PageType type)
    {
        var id = Space.Allocate();
        var f = Cache.Create(id);
        PageLayout.Init(f.Data, type, id, WriteEpoch);
        EpochUsed = true;
        PagesAllocated++;
        return f;
    }

    /// <summary>Returns a pinned frame the writer may change: <paramref name="frame"/> itself, or a copy (then <paramref name="frame"/> is freed and unpinned).</summary>
    public Frame MakeWritable(Frame frame)
    {
        if (PageLayout.GetEpoch(frame.Data) == WriteEpoch)
        {
            Cache.MarkDirty(frame);
            return frame;
        }
        var copy = Allocate(PageLayout.GetPageType(frame.Data));
        var id = copy.PageId;
        frame.Data.CopyTo(copy.Data, 0);
        PageLayout.SetPageId(copy.Data, id);
        PageLayout.SetEpoch(copy.Data, WriteEpoch);
        Free(frame.PageId, PageLayout.GetEpoch(frame.Data));
        Cache.Unpin(frame);
        CowCopies++;
        return copy;
    }

    /// <summary>Frees a page of the live tree (see <see cref="FreeSpaceManager"/> for when it becomes reusable).</summary>
    public void Free(long pageId, long pageEpoch)
    {
        Cache.MarkFreed(pageId);
        PagesFreed++;
        if (pageEpoch == WriteEpoch) Space.FreeNow(pageId);
        else if (pageEpoch > CheckpointEpoch) Space.FreeAfterSnapshots(pageId, WriteEpoch, _oldestSnapshotEpoch());
        else Space.FreeAfterCheckpoint(pageId, WriteEpoch);
    }
}
