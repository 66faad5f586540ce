namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// What the blob file set knows about one live blob file. <see cref="DataBytes"/> (sum of record
/// lengths) is fixed at creation; live bytes are kept by <see cref="BlobGarbageTracker"/>.
/// <see cref="Level"/> is the LSM level of the build that wrote it (flush 0, compaction its output
/// level, GC the lowest level of its inputs): level merge rewrites records of files from a
/// shallower level than the compaction's output (Titan's file_level). Immutable.
/// </summary>
internal sealed record BlobFileMeta(long Number, int ColumnFamily, long FileSize, long DataBytes, long RecordCount, int Level = 0);
