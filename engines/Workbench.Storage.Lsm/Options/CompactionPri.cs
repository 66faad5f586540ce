namespace Workbench.Storage.Lsm.Options;

/// <summary>
/// RocksDB's compaction_pri: the order in which a level's files are tried when that level is
/// compacted into the next one (the first file that is not being compacted and whose expanded
/// inputs collide with no running compaction goes). L0 is unaffected (all of it goes at once).
/// </summary>
public enum CompactionPri
{
    /// <summary>kByCompensatedSize: the largest file first (our sizes are not yet compensated for deletions: a file's bytes).</summary>
    ByCompensatedSize,

    /// <summary>kOldestLargestSeqFirst: the file whose newest entry is the oldest first (suits hot-key-range updates).</summary>
    OldestLargestSeqFirst,

    /// <summary>kOldestSmallestSeqFirst: the file whose oldest entry is the oldest first.</summary>
    OldestSmallestSeqFirst,

    /// <summary>kMinOverlappingRatio (RocksDB's default): the file with the fewest next-level bytes in its key range per byte of its own.</summary>
    MinOverlappingRatio,

    /// <summary>kRoundRobin: the file after the level's compact cursor, cycling through the level; start-level inputs grow only towards larger keys.</summary>
    RoundRobin,
}
