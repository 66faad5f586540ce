namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// Bump allocator for a memtable's skip-list nodes (header, links, internal key, value — see
/// <see cref="SkipList"/>): 1 MiB chunks (large-object heap, never copied, never scanned — byte
/// arrays hold no references), so a 64 MiB memtable is ~64 objects and nothing per entry that the GC
/// would promote, copy and mark. Entries larger than a quarter chunk get a chunk of their own.
/// Every allocation is 8-byte aligned (chunk data starts 8-aligned, sizes are rounded up), so the
/// skip list's 64-bit links can be read and CASed atomically in place.
/// <para>
/// Memory is addressed by <em>reference</em>: <c>chunk index &lt;&lt; 32 | offset</c>. The chunk
/// table is published with a volatile write whenever it grows and a chunk is stored in it before any
/// reference into it is handed out, so a reader that got a reference through a link read with acquire
/// semantics finds the chunk with <see cref="Chunk"/> lock-free. Any number of allocating threads
/// (concurrent memtable writes): the bump pointer is taken under a lock held for a few instructions.
/// Once the memtable's last reference is gone, <see cref="Release"/> hands the full-size chunks to a
/// <see cref="MemtableChunkPool"/> for reuse.
/// </para>
/// </summary>
internal sealed class MemtableArena(MemtableChunkPool? pool)
{
    public const int ChunkSize = 1 << 20;
    private byte[][] _table = new byte[4][];
    private int _count;
    private byte[] _chunk = [];
    private int _chunkIndex;
    private int _used;
    private long _allocated;
    private readonly Lock _lock = new();

    /// <summary>Bytes of all chunks and own-chunk allocations handed out so far (any thread).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Bytes of the current chunk not handed out yet (RocksDB's AllocatedAndUnused; any thread). An own-chunk entry leaves it unchanged.</summary>
    public long UnusedBytes => Volatile.Read(ref _unused);
    private long _unused;

    /// <summary>The chunk at <paramref name="index"/> of a reference this arena handed out (any thread, lock-free).</summary>
    public byte[] Chunk(int index) => Volatile.Read(ref _table)[index];

    /// <summary>
    /// <paramref name="size"/> bytes (rounded up to 8), 8-byte aligned. Returns the reference of the
    /// first byte; <paramref name="chunk"/> and <paramref name="offset"/> address it directly. The
    /// memory is not zeroed.
    /// </summary>
    public long Allocate(int size, out byte[] chunk, out int offset)
    {
        size = (size + 7) & ~7;
        lock (_lock)
        {
            if (size > ChunkSize / 4)
            {
                chunk = GC.AllocateUninitializedArray<byte>(size);
                offset = 0;
                Interlocked.Add(ref _allocated, size);
                return (long)RegisterLocked(chunk) << 32;
            }
            if (_used + size > _chunk.Length)
            {
                _chunk = pool is null ? GC.AllocateUninitializedArray<byte>(ChunkSize) : pool.Rent(ChunkSize);
                _chunkIndex = RegisterLocked(_chunk);
                _used = 0;
                Interlocked.Add(ref _allocated, ChunkSize);
            }
            chunk = _chunk;
            offset = _used;
            _used += size;
            Volatile.Write(ref _unused, _chunk.Length - _used);
            return (long)_chunkIndex << 32 | (uint)offset;
        }
    }

    /// <summary>
    /// A small zeroed allocation in a chunk of its own, always chunk index 0 when it is the arena's first
    /// (the skip list's head node). Not counted in <see cref="AllocatedBytes"/>, never pooled.
    /// </summary>
    public long AllocateOwn(int size, out byte[] chunk)
    {
        chunk = new byte[(size + 7) & ~7];
        lock (_lock) return (long)RegisterLocked(chunk) << 32;
    }

    private int RegisterLocked(byte[] chunk)
    {
        var table = _table;
        if (_count == table.Length)
        {
            var grown = new byte[table.Length * 2][];
            Array.Copy(table, grown, _count);
            grown[_count] = chunk;
            Volatile.Write(ref _table, grown); // readers keep using the old table for the old chunks
        }
        else
        {
            // A reader learns of this slot only through a link published (release) after this store.
            table[_count] = chunk;
        }
        return _count++;
    }

    /// <summary>Hands the full-size chunks to the pool. Only when no reader or writer can touch this arena again.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (pool is not null)
                for (var i = 0; i < _count; i++)
                    if (_table[i].Length == ChunkSize) pool.Return(_table[i]);
            Array.Clear(_table);
            _count = 0;
            _chunk = [];
            _used = 0;
            Volatile.Write(ref _unused, 0);
        }
    }
}
