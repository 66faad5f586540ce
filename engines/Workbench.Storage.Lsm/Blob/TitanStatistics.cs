namespace Workbench.Storage.Lsm.Blob;

/// <summary>Titan's counters (all thread-safe, Interlocked).</summary>
internal sealed class TitanStatistics
{
    public long BlobBytesWritten;
    public long BlobRecordsWritten;
    public long BlobRecordsCompressed;
    public long BlobValueBytesBeforeCompression;
    public long BlobValuesRead;
    public long BlobBytesRead;
    public long GcRuns;
    public long GcBytesRead;
    public long GcBytesWritten;
    public long GcRecordsRewritten;
    public long GcRecordsDropped;
    public long GcFilesDeleted;
    public long FallbackValuesInlined;
    public long LevelMergeRecords;
    public long LevelMergeBytesWritten;

    public static void Add(ref long counter, long delta) => Interlocked.Add(ref counter, delta);
    public static long Get(ref long counter) => Interlocked.Read(ref counter);
}
