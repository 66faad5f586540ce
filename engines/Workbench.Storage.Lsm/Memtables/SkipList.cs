using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// A skip list ordered by <see cref="InternalKey.Compare"/> (LevelDB's design). Thread-safety: one
/// writer at a time (the engine's write-group leader is the only inserter), any number of
/// concurrent lock-free readers. Nodes are never removed; the list dies with its memtable.
/// </summary>
internal sealed class SkipList
{
    public const int MaxHeight = 12;
    private readonly SkipListNode _head = new([], 0, 0, 0, MaxHeight);
    private readonly SkipListNode?[] _prev = new SkipListNode?[MaxHeight];
    private int _height = 1;
    private uint _rnd = 0xdeadbeef;

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
