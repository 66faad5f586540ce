using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// A skip list ordered by <see cref="InternalKey.Compare"/> (LevelDB's design). Thread-safety: any
/// number of concurrent lock-free readers, and either one writer at a time through <see cref="Insert"/>
/// or any number of concurrent writers through <see cref="InsertConcurrently"/> (CAS-linked, as
/// RocksDB's InlineSkipList) — never both at once. Nodes are never removed; the list dies with its memtable.
/// </summary>
internal sealed class SkipList
{
    public const int MaxHeight = 12;
    private readonly SkipListNode _head = new([], 0, 0, 0, MaxHeight);
    private readonly SkipListNode?[] _prev = new SkipListNode?[MaxHeight];
    private int _height = 1;
    private uint _rnd = 0xdeadbeef;

    // Per-thread splice and height generator of concurrent inserters (any thread may insert into any memtable).
    [ThreadStatic] private static SkipListNode?[]? t_prev;
    [ThreadStatic] private static SkipListNode?[]? t_next;
    [ThreadStatic] private static uint t_rnd;

    public SkipListNode Head => _head;

    /// <summary>Inserts an entry (internal key followed by value at <paramref name="offset"/> of <paramref name="data"/>). Single writer only.</summary>
    public void Insert(byte[] data, int offset, int keyLength, int valueLength)
    {
        var key = data.AsSpan(offset, keyLength);
        var x = _head;
        for (var level = _height - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref x.Next[level]);
                if (next is null || InternalKey.Compare(next.Key, key) >= 0) break;
                x = next;
            }
            _prev[level] = x;
        }
        var height = RandomHeight();
        if (height > _height)
        {
            for (var i = _height; i < height; i++) _prev[i] = _head;
            Volatile.Write(ref _height, height);
        }
        var node = new SkipListNode(data, offset, keyLength, valueLength, height);
        for (var i = 0; i < height; i++)
        {
            node.Next[i] = _prev[i]!.Next[i];
            Volatile.Write(ref _prev[i]!.Next[i], node);
        }
    }

    /// <summary>
    /// Inserts an entry while other threads may insert too (and readers read). Each level is linked
    /// bottom-up with a compare-and-swap on the predecessor's link; a lost race re-searches that level
    /// forward from the same predecessor (nodes are never removed, and the predecessor's key stays
    /// below ours). A node is visible at level 0 — so to readers — once fully built. Keys are unique
    /// (internal keys carry distinct sequences), so no two inserts race for the same slot forever.
    /// </summary>
    public void InsertConcurrently(byte[] data, int offset, int keyLength, int valueLength)
    {
        var key = data.AsSpan(offset, keyLength);
        var prev = t_prev ??= new SkipListNode?[MaxHeight];
        var next = t_next ??= new SkipListNode?[MaxHeight];
        var height = ConcurrentRandomHeight();
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
            SkipListNode? n;
            while (true)
            {
                n = Volatile.Read(ref x.Next[level]);
                if (n is null || InternalKey.Compare(n.Key, key) >= 0) break;
                x = n;
            }
            prev[level] = x;
            next[level] = n;
        }
        var node = new SkipListNode(data, offset, keyLength, valueLength, height);
        for (var i = 0; i < height; i++)
        {
            while (true)
            {
                var p = prev[i]!;
                var n = next[i];
                Volatile.Write(ref node.Next[i], n);
                if (ReferenceEquals(Interlocked.CompareExchange(ref p.Next[i], node, n), n)) break;
                // Someone linked after p at this level: find our place again, forward from p.
                while (true)
                {
                    n = Volatile.Read(ref p.Next[i]);
                    if (n is null || InternalKey.Compare(n.Key, key) >= 0) break;
                    p = n;
                }
                prev[i] = p;
                next[i] = n;
            }
        }
        Array.Clear(prev);
        Array.Clear(next); // do not keep the memtable alive through a thread's splice
    }

    /// <summary>First node with key &gt;= <paramref name="key"/>, or null.</summary>
    public SkipListNode? FindGreaterOrEqual(ReadOnlySpan<byte> key)
    {
        var x = _head;
        SkipListNode? next = null;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                next = Volatile.Read(ref x.Next[level]);
                if (next is null || InternalKey.Compare(next.Key, key) >= 0) break;
                x = next;
            }
        }
        // Return the node compared at level 0, never a re-read link: the writer may have linked a
        // smaller node after x since.
        return next;
    }

    public SkipListNode? First => Volatile.Read(ref _head.Next[0]);

    /// <summary>Last node with key &lt; <paramref name="key"/>, or null (for reverse iteration).</summary>
    public SkipListNode? FindLessThan(ReadOnlySpan<byte> key)
    {
        var x = _head;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref x.Next[level]);
                if (next is null || InternalKey.Compare(next.Key, key) >= 0) break;
                x = next;
            }
        }
        return ReferenceEquals(x, _head) ? null : x;
    }

    /// <summary>The last node, or null when empty. Nodes a concurrent writer links later may be missed; they are newer than any reader's sequence.</summary>
    public SkipListNode? FindLast()
    {
        var x = _head;
        for (var level = Volatile.Read(ref _height) - 1; level >= 0; level--)
        {
            while (true)
            {
                var next = Volatile.Read(ref x.Next[level]);
                if (next is null) break;
                x = next;
            }
        }
        return ReferenceEquals(x, _head) ? null : x;
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
