namespace Workbench.Storage.Lsm;

/// <summary>
/// What the blob file set knows about one live blob file. <see cref="DataBytes"/> (sum of record
/// lengths) is fixed at creation; live bytes are kept by <see cref="BlobGarbageTracker"/>.
/// Immutable.
/// </summary>
internal sealed record BlobFileMeta(long Number, int ColumnFamily, long FileSize, long DataBytes, long RecordCount);
