namespace Workbench.Storage.BTree.BufferPool;

/// <summary>
/// One page-sized slot of the buffer pool. Fields other than <see cref="Data"/> are guarded by the
/// pool's lock. <see cref="Data"/> may be read by whoever holds a pin; it is written only by the
/// single tree writer while it holds a pin on a page of the current write epoch (which no reader can
/// see: readers of the latest state are excluded by the tree lock, snapshots only see older epochs).
/// </summary>
internal sealed class Frame
{
    public Frame(int pageSize) => Data = new byte[pageSize];

    public byte[] Data { get; }

    /// <summary>Page held, or -1 when the frame is free or detached.</summary>
    public long PageId { get; set; } = -1;

    public int Pins { get; set; }

    /// <summary>Modified since last written to the file.</summary>
    public bool Dirty { get; set; }

    /// <summary>The page was freed from the live tree (a snapshot may still read it); checkpoints skip it.</summary>
    public bool Freed { get; set; }

    /// <summary>Clock reference bit.</summary>
    public bool Referenced { get; set; }

    /// <summary>Bumped each time the frame is marked dirty (before the writer changes it): a write made from a copy is current only if the version did not move meanwhile.</summary>
    public long Version { get; set; }

    /// <summary>A copy of this frame is being written outside the pool's lock; eviction passes it over until the write is done.</summary>
    public bool WriteInFlight { get; set; }
}
