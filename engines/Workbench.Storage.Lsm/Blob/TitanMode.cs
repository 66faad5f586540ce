namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's modes: normal (separate at flush and compaction, GC), fallback (no new separation;
/// compaction writes values back inline; GC still runs, so blob files whose records all went
/// inline are deleted).
/// </summary>
public enum TitanMode
{
    /// <summary>Values at or above min_blob_size go to blob files at flush and compaction; GC runs.</summary>
    Normal,
    /// <summary>No new separation: compactions write separated values back inline; GC still runs and deletes emptied blob files.</summary>
    Fallback,
}
