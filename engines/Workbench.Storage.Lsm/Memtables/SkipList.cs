using System.Runtime.CompilerServices;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// A skip list ordered by <see cref="InternalKey.Compare"/> (LevelDB's design) whose nodes live in the
/// memtable's <see cref="MemtableArena"/>, as RocksDB's InlineSkipList: no object per entry, so what a
/// memtable holds is its chunks, and a GC walks nothing per entry. Thread-safety: any number of
/// concurrent lock-free readers, and either one writer at a time through <see cref="Insert"/> or any
/// number of concurrent writers through <see cref="InsertConcurrently"/> (CAS-linked) — never both
/// at once. Nodes are never removed; the list dies with its memtable.
/// <para>
/// A node is addressed by its arena reference (<c>chunk index &lt;&lt; 32 | offset</c>, 0 = none) of
/// its level-0 link. Layout, every field 8-byte aligned: the links of levels height-1 .. 1 (8 bytes
/// each, level i at offset − 8·i), the level-0 link at offset, then the key length (int32) and value
/// length (int32), then the internal key and the value. A node is fully written (entry, lengths and
/// its own links) before the release-CAS / volatile write that links it at level 0, and readers
/// read links with acquire semantics, so a reader that reaches a node sees all of it.
/// </para>
/// </summary>
internal sealed class SkipList
{
    public const int MaxHeight = 12;
    private const int HeaderSize = 8; // key length, value length after the level-0 link
    private readonly MemtableArena _arena;
    private readonly long _head;
    private readonly long[] _prev = new long[MaxHeight];
    private int _height = 1;
    private uint _rnd = 0xdeadbeef;

    // Per-thread splice and height generator of concurrent inserters (any thread may insert into any memtable).
    [ThreadStatic] private static long[]? t_prev;
    [ThreadStatic] private static long[]? t_next;
    [ThreadStatic] private static uint t_rnd;

    public SkipList(MemtableArena arena)
    {
        _arena = arena;
        // The head (all MaxHeight links, empty key) is the arena's chunk 0, so its reference is not 0
        // and every entry's reference has a chunk index of at least 1: 0 can mean "none".
        _head = arena.AllocateOwn(NodeSize(MaxHeight, 0), out _) + 8 * (MaxHeight - 1);
        if (_head >> 32 != 0) throw new InvalidOperationException("the skip list's head must be its arena's first allocation");
    }

    private static int NodeSize(int height, int entryLength) => checked(8 * height + HeaderSize + entryLength);

    /// <summary>Inserts an internal key and value. Single writer only.</summary>
    public void Insert(ReadOnlySpan<byte> userKey, long sequence, ValueKind kind, ReadOnlySpan<byte> value)
    {
        var height = RandomHeight();
        var node = NewNode(height, userKey, sequence, kind, value);
        var key = Key(node);
        var x = _head;
        for (var level = _height - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref Link(x, level));
                if (next == 0 || InternalKey.Compare(Key(next), key) >= 0) break;
                x = next;
            }
            _prev[level] = x;
        }
        if (height > _height)
        {
            for (var i = _height; i < height; i++) _prev[i] = _head;
            Volatile.Write(ref _height, height);
        }
        for (var i = 0; i < height; i++)
        {
            ref var prevLink = ref Link(_prev[i], i);
            Link(node, i) = prevLink;
            Volatile.Write(ref prevLink, node); // release: the node is complete below this level
        }
    }

    /// <summary>
    /// Inserts an entry while other threads may insert too (and readers read). Each level is linked
    /// bottom-up with a compare-and-swap on the predecessor's link; a lost race re-searches that level
    /// forward from the same predecessor (nodes are never removed, and the predecessor's key stays
    /// below ours). A node is visible at level 0 — so to readers — once fully built. Keys are unique
    /// (internal keys carry distinct sequences), so no two inserts race for the same slot forever.
    /// </summary>
    public void InsertConcurrently(ReadOnlySpan<byte> userKey, long sequence, ValueKind kind, ReadOnlySpan<byte> value)
    {
        var prev = t_prev ??= new long[MaxHeight];
        var next = t_next ??= new long[MaxHeight];
        var height = ConcurrentRandomHeight();
        var node = NewNode(height, userKey, sequence, kind, value);
        var key = Key(node);
        var top = Volatile.Read(ref _height);
        while (height > top)
        {
            var seen = Interlocked.CompareExchange(ref _height, height, top);
            if (seen == top) { top = height; break; }
            top = seen;
        }
        var x = _head;
        for (var level = top - 1; level >= 0; level--)
        {
            long n;
            while (true)
            {
                n = Volatile.Read(ref Link(x, level));
                if (n == 0 || InternalKey.Compare(Key(n), key) >= 0) break;
                x = n;
            }
            prev[level] = x;
            next[level] = n;
        }
        for (var i = 0; i < height; i++)
        {
            while (true)
            {
                var p = prev[i];
                var n = next[i];
                Volatile.Write(ref Link(node, i), n);
                if (Interlocked.CompareExchange(ref Link(p, i), node, n) == n) break;
                // Someone linked after p at this level: find our place again, forward from p.
                while (true)
                {
                    n = Volatile.Read(ref Link(p, i));
                    if (n == 0 || InternalKey.Compare(Key(n), key) >= 0) break;
                    p = n;
                }
                prev[i] = p;
                next[i] = n;
            }
        }
    }

    /// <summary>Allocates a node of <paramref name="height"/> and writes its entry and lengths (its links are set when linked).</summary>
    private long NewNode(int height, ReadOnlySpan<byte> userKey, long sequence, ValueKind kind, ReadOnlySpan<byte> value)
    {
        var keyLength = userKey.Length + InternalKey.TrailerSize;
        var start = _arena.Allocate(NodeSize(height, keyLength + value.Length), out var chunk, out var offset);
        var at = offset + 8 * (height - 1);
        Unsafe.As<byte, int>(ref chunk[at + 8]) = keyLength;
        Unsafe.As<byte, int>(ref chunk[at + 12]) = value.Length;
        var entry = chunk.AsSpan(at + 8 + HeaderSize, keyLength + value.Length);
        InternalKey.Write(entry, userKey, sequence, kind);
        value.CopyTo(entry[keyLength..]);
        return start + 8 * (height - 1);
    }

    /// <summary>The level-<paramref name="level"/> link of <paramref name="node"/>, in place (8-byte aligned, so atomic).</summary>
    private ref long Link(long node, int level) =>
        ref Unsafe.As<byte, long>(ref _arena.Chunk((int)(node >>> 32))[(int)node - 8 * level]);

    private ReadOnlySpan<byte> Key(long node) => KeyAt(_arena.Chunk((int)(node >>> 32)), (int)node);

    internal static ReadOnlySpan<byte> KeyAt(byte[] chunk, int offset) =>
        chunk.AsSpan(offset + 8 + HeaderSize, Unsafe.As<byte, int>(ref chunk[offset + 8]));

    internal static ReadOnlySpan<byte> ValueAt(byte[] chunk, int offset) =>
        chunk.AsSpan(offset + 8 + HeaderSize + Unsafe.As<byte, int>(ref chunk[offset + 8]), Unsafe.As<byte, int>(ref chunk[offset + 12]));

    /// <summary>The entry of a node reference (not 0).</summary>
    public SkipListNode Node(long node) => new(_arena.Chunk((int)(node >>> 32)), (int)node);

    /// <summary>The node after <paramref name="node"/> at level 0, or 0.</summary>
    public long Next(long node) => Volatile.Read(ref Link(node, 0));

    /// <summary>First node with key &gt;= <paramref name="key"/>, or 0.</summary>
    public long FindGreaterOrEqual(ReadOnlySpan<byte> key)
    {
        var x = _head;
        long next = 0;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                next = Volatile.Read(ref Link(x, level));
                if (next == 0 || InternalKey.Compare(Key(next), key) >= 0) break;
                x = next;
            }
        }
        // Return the node compared at level 0, never a re-read link: the writer may have linked a
        // smaller node after x since.
        return next;
    }

    /// <summary>The first node, or 0.</summary>
    public long First => Volatile.Read(ref Link(_head, 0));

    /// <summary>Last node with key &lt; <paramref name="key"/>, or 0 (for reverse iteration).</summary>
    public long FindLessThan(ReadOnlySpan<byte> key)
    {
        var x = _head;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref Link(x, level));
                if (next == 0 || InternalKey.Compare(Key(next), key) >= 0) break;
                x = next;
            }
        }
        return x == _head ? 0 : x;
    }

    /// <summary>The last node, or 0 when empty. Nodes a concurrent writer links later may be missed; they are newer than any reader's sequence.</summary>
    public long FindLast()
    {
        var x = _head;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref Link(x, level));
                if (next == 0) break;
                x = next;
            }
        }
        return x == _head ? 0 : x;
    }

    private static int ConcurrentRandomHeight()
    {
        var r = t_rnd;
        if (r == 0) r = (uint)Environment.CurrentManagedThreadId * 0x9E3779B9u | 1;
        var h = 1;
        while (h < MaxHeight)
        {
            r ^= r << 13;
            r ^= r >> 17;
            r ^= r << 5;
            if ((r & 3) != 0) break; // branching factor 4
            h++;
        }
        t_rnd = r;
        return h;
    }

    private int RandomHeight()
    {
        var h = 1;
        while (h < MaxHeight)
        {
            _rnd ^= _rnd << 13;
            _rnd ^= _rnd >> 17;
            _rnd ^= _rnd << 5;
            if ((_rnd & 3) != 0) break; // branching factor 4
            h++;
        }
        return h;
    }
}
