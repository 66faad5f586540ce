namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// Engine counters (RocksDB's tickers, by another name) and per-level compaction statistics.
/// Thread-safe: every update is interlocked.
/// </summary>
internal sealed class LsmStatistics
{
    public enum Ticker
    {
        BloomUseful,
        BloomChecked,
        BlockReadBytes,
        StallMicros,
        SlowdownCount,
        StopCount,
        FlushCount,
        FlushMicros,
        CompactionCount,
        CompactionMicros,
        TrivialMoveCount,
        UserBytesWritten,
        KeysWritten,
        WriteGroups,
        WalSyncs,
        GetCount,
        MemtableHits,
        BlocksCompressed,
        BlocksNotCompressed,
        BytesCompressedFrom,
        BytesCompressedTo,
        BlocksDecompressed,
        BytesDecompressed,
        // Write path (RocksDB's perf context write_thread_wait / write_wal / write_memtable times), in
        // Stopwatch ticks summed over all writers; WriteBatches counts the batches the groups held.
        WriteBatches,
        WriteQueueWaitTicks,
        WriteWalTicks,
        WriteMemtableTicks,
        WritePublishWaitTicks,
        // Flushes (FlushCounterNames): entries and memory of the flushed memtables, full-memtable switches.
        FlushInputEntries,
        FlushInputMemoryBytes,
        MemtableFullSwitches,
        MemtableFullSwitchEntries,
        Count,
    }

    public const int MaxLevels = 16;
    private readonly long[] _tickers = new long[(int)Ticker.Count];

    /// <summary>Per output level: bytes read from the input level (Rn), from the output level (Rnp1), bytes written, micros, count.</summary>
    private readonly long[] _readN = new long[MaxLevels];
    private readonly long[] _readNp1 = new long[MaxLevels];
    private readonly long[] _written = new long[MaxLevels];
    private readonly long[] _micros = new long[MaxLevels];
    private readonly long[] _count = new long[MaxLevels];
    private readonly long[] _movedBytes = new long[MaxLevels];

    public void Add(Ticker t, long n = 1) => Interlocked.Add(ref _tickers[(int)t], n);
    public long Get(Ticker t) => Interlocked.Read(ref _tickers[(int)t]);

    public void AddLevel(int level, long readN, long readNp1, long written, long micros, long moved = 0)
    {
        Interlocked.Add(ref _readN[level], readN);
        Interlocked.Add(ref _readNp1[level], readNp1);
        Interlocked.Add(ref _written[level], written);
        Interlocked.Add(ref _micros[level], micros);
        Interlocked.Add(ref _movedBytes[level], moved);
        Interlocked.Increment(ref _count[level]);
    }

    public long LevelReadN(int l) => Interlocked.Read(ref _readN[l]);
    public long LevelReadNp1(int l) => Interlocked.Read(ref _readNp1[l]);
    public long LevelWritten(int l) => Interlocked.Read(ref _written[l]);
    public long LevelMicros(int l) => Interlocked.Read(ref _micros[l]);
    public long LevelCount(int l) => Interlocked.Read(ref _count[l]);
    public long LevelMoved(int l) => Interlocked.Read(ref _movedBytes[l]);
}
