namespace Workbench.Storage.Metrics;

/// <summary>
/// Bytes and operations by write category, plus reads and syncs. Thread-safe: all updates are
/// interlocked; <see cref="Snapshot"/> returns an immutable copy.
/// </summary>
public sealed class IoCounters
{
    private readonly long[] _bytesWritten = new long[WriteCategories.Count];
    private readonly long[] _writeOps = new long[WriteCategories.Count];
    private long _bytesRead;
    private long _readOps;
    private long _syncs;

    /// <summary>Counts one write of <paramref name="bytes"/> under <paramref name="category"/>.</summary>
    public void AddWrite(WriteCategory category, long bytes)
    {
        Interlocked.Add(ref _bytesWritten[(int)category], bytes);
        Interlocked.Increment(ref _writeOps[(int)category]);
    }

    /// <summary>Counts one read of <paramref name="bytes"/>.</summary>
    public void AddRead(long bytes)
    {
        Interlocked.Add(ref _bytesRead, bytes);
        Interlocked.Increment(ref _readOps);
    }

    /// <summary>Counts one file or directory sync.</summary>
    public void AddSync() => Interlocked.Increment(ref _syncs);

    /// <summary>An immutable copy of the counters now (each counter read atomically, not all at one instant).</summary>
    public IoSnapshot Snapshot()
    {
        var bytes = new long[WriteCategories.Count];
        var ops = new long[WriteCategories.Count];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = Interlocked.Read(ref _bytesWritten[i]);
            ops[i] = Interlocked.Read(ref _writeOps[i]);
        }
        return new IoSnapshot(bytes, ops, Interlocked.Read(ref _bytesRead), Interlocked.Read(ref _readOps), Interlocked.Read(ref _syncs));
    }
}
