using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// The in-memory write buffer of one column family: a skip list of internal keys. Writes come either
/// from the write-group leader alone (<see cref="Add"/>) or from several writers at once, each
/// inserting its own batch (<see cref="AddConcurrently"/>) — the write path never mixes the two at
/// the same time. Reads are lock-free, under a reference (<see cref="Ref"/>). <see cref="LogNumber"/> is the
/// WAL that was current when the memtable was created: every entry lives in that log or a newer one.
/// </summary>
internal sealed class Memtable
{
    private readonly SkipList _list;
    private readonly MemtableArena _arena;
    private long _entries;
    private int _refs = 1; // the column family's (mutable or immutable memtable), plus one per super version

    public Memtable(long logNumber, MemtableChunkPool? pool = null)
    {
        LogNumber = logNumber;
        _arena = new MemtableArena(pool);
        _list = new SkipList(_arena);
    }

    /// <summary>A super version that lists this memtable holds a reference (any thread).</summary>
    public void Ref() => Interlocked.Increment(ref _refs);

    /// <summary>
    /// Drops a reference; the last one (no column family lists it, no super version, so no reader or
    /// iterator) gives the arena's chunks back to the pool. Without a pool the GC reclaims them as before.
    /// </summary>
    public void Unref()
    {
        var left = Interlocked.Decrement(ref _refs);
        if (left == 0) _arena.Release();
        else if (left < 0) throw new InvalidOperationException("memtable released more often than referenced");
    }

    public long LogNumber { get; }

    /// <summary>
    /// Memory held, as RocksDB's MemoryAllocatedBytes: the arena's whole chunks (with the unused tail
    /// of the current one) and the entries in chunks of their own. The skip-list nodes live in the
    /// arena (lengths and links, ~24–30 bytes a node), so nothing per entry is held outside it.
    /// </summary>
    public long ApproximateBytes => _arena.AllocatedBytes;

    /// <summary>
    /// Bytes of the arena's current chunk not handed out yet (RocksDB's AllocatedAndUnused), for the
    /// memtable-full rule. Written by the arena under its lock after each allocation.
    /// </summary>
    public long ArenaUnusedBytes => _arena.UnusedBytes;
    public long Entries => Interlocked.Read(ref _entries);

    public bool IsEmpty => Entries == 0;

    /// <summary>
    /// True once a write with DisableWal went into this memtable: until the memtable is flushed, those
    /// writes exist nowhere durable. Set by the write leader, read under the engine mutex.
    /// </summary>
    public bool HasUnloggedWrites
    {
        get => Volatile.Read(ref _unlogged);
        set => Volatile.Write(ref _unlogged, value);
    }

    /// <summary>True once a flush installed this memtable's contents as a table (set under the engine mutex).</summary>
    public bool Flushed
    {
        get => Volatile.Read(ref _flushed);
        set => Volatile.Write(ref _flushed, value);
    }

    private bool _unlogged;
    private bool _flushed;

    private long _largestSequence;

    /// <summary>Highest sequence in the memtable (0 when empty); raised by the writers.</summary>
    public long LargestSequence => Interlocked.Read(ref _largestSequence);

    /// <summary>Inserts one entry; the only writer at this time.</summary>
    public void Add(long sequence, ValueKind kind, ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value) =>
        Insert(sequence, kind, userKey, value, concurrent: false);

    /// <summary>Inserts one entry while other writers may insert too (the concurrent memtable write path).</summary>
    public void AddConcurrently(long sequence, ValueKind kind, ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value) =>
        Insert(sequence, kind, userKey, value, concurrent: true);

    private void Insert(long sequence, ValueKind kind, ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value, bool concurrent)
    {
        if (concurrent) _list.InsertConcurrently(userKey, sequence, kind, value);
        else _list.Insert(userKey, sequence, kind, value);
        var largest = Interlocked.Read(ref _largestSequence);
        while (sequence > largest)
        {
            var seen = Interlocked.CompareExchange(ref _largestSequence, sequence, largest);
            if (seen == largest) break;
            largest = seen;
        }
        Interlocked.Increment(ref _entries);
    }

    /// <summary>
    /// Looks up the newest version of the user key of <paramref name="seekKey"/> with sequence &lt;= its sequence.
    /// Returns true when the memtable decides the answer: then <paramref name="node"/> is the entry
    /// (its kind says value or deletion); otherwise it is default and must not be read.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> seekKey, out SkipListNode node)
    {
        node = default;
        var found = _list.FindGreaterOrEqual(seekKey);
        if (found == 0) return false;
        var entry = _list.Node(found);
        if (!InternalKey.UserKey(entry.Key).SequenceEqual(InternalKey.UserKey(seekKey))) return false;
        node = entry;
        return true;
    }

    public MemtableIterator NewIterator() => new(_list);
}
