namespace Workbench.Storage.Lsm;

/// <summary>Titan's modes: normal (separate at flush and compaction, GC), fallback (compaction writes values back inline; no new blobs, no GC).</summary>
public enum TitanMode
{
    Normal,
    Fallback,
}
