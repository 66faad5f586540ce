namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// Bump allocator for memtable entries: 1 MiB chunks (large-object heap, never copied by the GC),
/// so a 64 MiB memtable is ~64 objects instead of one array per entry that the GC would promote and
/// copy twice. Entries larger than a quarter chunk get their own array. Any number of inserting
/// threads (concurrent memtable writes): the bump pointer is taken under a lock held for a few
/// instructions. Readers may hold spans into the chunks while they hold the memtable (a super
/// version's reference); once the memtable's last reference is gone, <see cref="Release"/> hands the
/// chunks to a <see cref="MemtableChunkPool"/> for reuse.
/// </summary>
internal sealed class MemtableArena(MemtableChunkPool? pool)
{
    public const int ChunkSize = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private byte[] _chunk = [];
    private int _used;
    private long _allocated;
    private readonly Lock _lock = new();

    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    public byte[] Allocate(int size, out int offset)
    {
        if (size > ChunkSize / 4)
        {
            Interlocked.Add(ref _allocated, size);
            offset = 0;
            return new byte[size];
        }
        lock (_lock)
        {
            if (_used + size > _chunk.Length)
            {
                _chunk = pool is null ? GC.AllocateUninitializedArray<byte>(ChunkSize) : pool.Rent(ChunkSize);
                _chunks.Add(_chunk);
                _used = 0;
                Interlocked.Add(ref _allocated, ChunkSize);
            }
            offset = _used;
            _used += size;
            return _chunk;
        }
    }

    /// <summary>Hands the chunks to the pool. Only when no reader or writer can touch this arena again.</summary>
    public void Release()
    {
        lock (_lock) ReleaseLocked();
    }

    private void ReleaseLocked()
    {
        if (pool is not null)
            foreach (var c in _chunks) pool.Return(c);
        _chunks.Clear();
        _chunk = [];
        _used = 0;
    }
}
