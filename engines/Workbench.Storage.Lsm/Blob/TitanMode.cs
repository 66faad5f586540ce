namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's modes: normal (separate at flush and compaction, GC), fallback (no new separation;
/// compaction writes values back inline; GC still runs, so blob files whose records all went
/// inline are deleted).
/// </summary>
public enum TitanMode
{
    Normal,
    Fallback,
}
