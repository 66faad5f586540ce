namespace Workbench.Storage.Lsm;

/// <summary>
/// Bump allocator for memtable entries: 1 MiB chunks (large-object heap, never copied by the GC),
/// so a 64 MiB memtable is ~64 objects instead of one array per entry that the GC would promote and
/// copy twice. Entries larger than a quarter chunk get their own array. Single writer (the memtable's
/// only inserter); chunks are never reused, so readers may hold spans into them freely.
/// </summary>
internal sealed class MemtableArena
{
    private const int ChunkSize = 1 << 20;
    private byte[] _chunk = [];
    private int _used;

    public long AllocatedBytes { get; private set; }

    public byte[] Allocate(int size, out int offset)
    {
        if (size > ChunkSize / 4)
        {
            AllocatedBytes += size;
            offset = 0;
            return new byte[size];
        }
        if (_used + size > _chunk.Length)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkSize);
            _used = 0;
            AllocatedBytes += ChunkSize;
        }
        offset = _used;
        _used += size;
        return _chunk;
    }
}
