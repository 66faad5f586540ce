using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.Flush;

/// <summary>
/// When a memtable is full: RocksDB's <c>MemTable::ShouldFlushNow</c>, on the memory the memtable holds
/// counted in arena blocks. RocksDB never lets a memtable hold more than write_buffer_size plus 0.6 of
/// an arena block: while one more block still fits under that bound the memtable is not full; once the
/// allocation is past it, it is; in between (the arena has taken its last block) it is full when less
/// than a quarter of that last block is left. The arena block is RocksDB's default
/// <c>arena_block_size</c>, min(1 MiB, write_buffer_size / 8) rounded up to 4 KiB.
/// <para>
/// Our arena's chunks are always <see cref="MemtableArena.ChunkSize"/> (1 MiB, RocksDB's block at
/// write_buffer_size ≥ 8 MiB). For a smaller write buffer the rule counts the current chunk in virtual
/// blocks of RocksDB's smaller size (the used part of the chunk rounded up to whole blocks), so a 2 MiB
/// memtable stops where RocksDB's does, not at 1.75 MiB as whole 1 MiB chunks would make it. What
/// differs from RocksDB: an entry may straddle two virtual blocks (RocksDB would waste the tail of the
/// block), so with entries of a sizeable fraction of a small block we pack a few percent more.
/// </para>
/// Pure functions, any thread.
/// </summary>
internal static class MemtableFullRule
{
    /// <summary>RocksDB's kAllowOverAllocationRatio: how far past write_buffer_size the last block may reach.</summary>
    public const double AllowOverAllocationRatio = 0.6;

    /// <summary>RocksDB's default arena block for <paramref name="writeBufferSize"/>: min(1 MiB, size / 8), 4 KiB aligned, at most one chunk.</summary>
    public static long BlockSize(long writeBufferSize)
    {
        var block = Math.Min(1L << 20, writeBufferSize / 8);
        block = (block + 4095) / 4096 * 4096;
        return Math.Clamp(block, 4096, MemtableArena.ChunkSize);
    }

    /// <summary>Whether <paramref name="mem"/> is full at <paramref name="writeBufferSize"/> (benign racy reads of its counters).</summary>
    public static bool IsFull(Memtable mem, long writeBufferSize) =>
        !mem.IsEmpty && IsFull(mem.ApproximateBytes, mem.ArenaUnusedBytes, writeBufferSize, BlockSize(writeBufferSize));

    /// <summary>
    /// RocksDB's ShouldFlushNow. <paramref name="allocated"/>: the memory held (the arena's whole chunks
    /// and own-chunk entries); <paramref name="chunkUnused"/>: the bytes of the current chunk not yet
    /// handed out; <paramref name="blockSize"/>: the arena block (it divides the chunk).
    /// </summary>
    public static bool IsFull(long allocated, long chunkUnused, long writeBufferSize, long blockSize)
    {
        // Virtual blocks: the current chunk's unused bytes beyond the last partly used block are not
        // allocated in RocksDB's terms (with blockSize == ChunkSize this changes nothing).
        var wholeUnusedBlocks = chunkUnused / blockSize;
        allocated -= wholeUnusedBlocks * blockSize;
        var unused = chunkUnused - wholeUnusedBlocks * blockSize;

        var bound = writeBufferSize + blockSize * AllowOverAllocationRatio;
        if (allocated + blockSize < bound) return false; // one more block still fits under the bound
        if (allocated > bound) return true; // past the bound already (an entry in a chunk of its own)
        return unused < blockSize / 4; // the last block: stop at three quarters used
    }
}
