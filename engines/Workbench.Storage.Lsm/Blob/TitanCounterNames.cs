namespace Workbench.Storage.Lsm.Blob;

/// <summary>Counter names the titan engine reports in <see cref="Workbench.Storage.Metrics.EngineMetrics.Counters"/> (prefix "titan."), one place for the engine and its tests.</summary>
internal static class TitanCounterNames
{
    public const string BlobFiles = "titan.blob.files";
    public const string BlobFileBytes = "titan.blob.file_bytes";
    public const string BlobLiveBytes = "titan.blob.live_bytes";
    public const string BlobGarbageBytes = "titan.blob.garbage_bytes";
    public const string BlobBytesWritten = "titan.blob.bytes_written";
    public const string BlobRecordsWritten = "titan.blob.records_written";
    public const string LevelMergeRecords = "titan.level_merge.records";
    public const string LevelMergeBytesWritten = "titan.level_merge.bytes_written";
    public const string BlobRecordsCompressed = "titan.blob.records_compressed";
    public const string BlobValueBytesBeforeCompression = "titan.blob.value_bytes_before_compression";
    public const string BlobValuesRead = "titan.blob.values_read";
    public const string GcRuns = "titan.gc.runs";
    public const string GcBytesRead = "titan.gc.bytes_read";
    public const string GcBytesWritten = "titan.gc.bytes_written";
    public const string GcRecordsRewritten = "titan.gc.records_rewritten";
    public const string GcRecordsDropped = "titan.gc.records_dropped";
    public const string GcFilesDeleted = "titan.gc.files_deleted";
    public const string FallbackValuesInlined = "titan.fallback.values_inlined";
}
