namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// The lsm's write-path counters (RocksDB's perf context write_thread_wait / write_wal /
/// write_memtable times, as sums over all writers): batches committed by the write groups, and
/// microseconds spent waiting in the group-commit queue, writing the WAL (the leaders, once per
/// group), inserting into the memtables, and waiting for an older batch's publication. The time
/// sums lag by up to 256 writes per writing thread (<see cref="WritePathTimes"/>).
/// </summary>
internal static class WritePathCounterNames
{
    public const string Batches = "lsm.write.batches";
    public const string QueueWaitMicros = "lsm.write.queue_wait.micros";
    public const string WalMicros = "lsm.write.wal.micros";
    public const string MemtableMicros = "lsm.write.memtable.micros";
    public const string PublishWaitMicros = "lsm.write.publish_wait.micros";
}
