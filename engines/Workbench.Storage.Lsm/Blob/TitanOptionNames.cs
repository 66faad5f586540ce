namespace Workbench.Storage.Lsm.Blob;

/// <summary>Option names "titan" adds to the lsm's (tikv/titan's spellings); declared in <see cref="TitanOptionDeclarations"/>.</summary>
public static class TitanOptionNames
{
    /// <summary>Titan's min_blob_size (per column family).</summary>
    public const string MinBlobSize = "min_blob_size";
    /// <summary>Titan's blob_file_target_size.</summary>
    public const string BlobFileTargetSize = "blob_file_target_size";
    /// <summary>Titan's blob_file_discardable_ratio.</summary>
    public const string BlobFileDiscardableRatio = "blob_file_discardable_ratio";
    /// <summary>Titan's merge_small_file_threshold.</summary>
    public const string MergeSmallFileThreshold = "merge_small_file_threshold";
    /// <summary>Ours: a blob file counts as small only below this share of the blob file size flushes produce.</summary>
    public const string MergeSmallFileRatio = "merge_small_file_ratio";
    /// <summary>Titan's max_gc_batch_size.</summary>
    public const string MaxGcBatchSize = "max_gc_batch_size";
    /// <summary>GC IO budget (Titan's rate limiter, bytes/s).</summary>
    public const string BlobGcRateLimitBytesPerSec = "blob_gc_rate_limit_bytes_per_sec";
    /// <summary>Titan's blob_file_compression.</summary>
    public const string BlobCompression = "blob_compression";
    /// <summary>The codec level of blob_compression.</summary>
    public const string BlobCompressionLevel = "blob_compression_level";
    /// <summary>Titan's level_merge.</summary>
    public const string LevelMerge = "level_merge";
    /// <summary>Titan's mode (normal / fallback).</summary>
    public const string TitanMode = "titan_mode";
    /// <summary>Ours: run blob GC on a background thread.</summary>
    public const string BlobGcBackground = "blob_gc_background";
}
