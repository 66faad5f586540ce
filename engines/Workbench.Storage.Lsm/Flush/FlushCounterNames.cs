namespace Workbench.Storage.Lsm.Flush;

/// <summary>
/// The lsm's flush counters, RocksDB's flush_started event fields summed over flushes: the entries
/// and the memory (<c>Memtable.ApproximateBytes</c>) of the memtables written to L0, and how many
/// memtables were switched because they were full (RocksDB's flush.reason.write_buffer_full; the
/// rest of flush.count were forced: an explicit flush, a close, bench's flush after a phase).
/// </summary>
internal static class FlushCounterNames
{
    public const string InputEntries = "lsm.flush.input_entries";
    public const string InputMemoryBytes = "lsm.flush.input_memory_bytes";
    public const string WriteBufferFull = "lsm.flush.reason.write_buffer_full";
    /// <summary>Entries of the memtables switched because they were full (per full memtable: divide by <see cref="WriteBufferFull"/>).</summary>
    public const string WriteBufferFullEntries = "lsm.flush.write_buffer_full.entries";
}
