namespace Workbench.Storage.Lsm.Cache;

/// <summary>Identifies a cached block: the table's file number and the block's offset.</summary>
internal readonly record struct BlockCacheKey(long FileNumber, long Offset);
