namespace Workbench.Storage.Memory;

/// <summary>
/// An immutable AVL tree from byte-string keys (memcmp order) to values, updated by path copying:
/// every update returns a new root and shares all untouched nodes with the old one, so holding an
/// old root is an O(1) snapshot. Immutable, hence safe to read from any number of threads.
/// </summary>
public sealed class PersistentSortedMap
{
    /// <summary>The map with no entries (shared; every map descends from it).</summary>
    public static readonly PersistentSortedMap Empty = new(null, 0, 0);

    private PersistentSortedMap(Node? root, int count, long bytes)
    {
        Root = root;
        Count = count;
        Bytes = bytes;
    }

    internal Node? Root { get; }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>Σ (key + value length) of the entries.</summary>
    public long Bytes { get; }

    /// <summary>Looks <paramref name="key"/> up; false (and an empty value) when absent. O(log n).</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out byte[] value)
    {
        var n = Root;
        while (n is not null)
        {
            var c = key.SequenceCompareTo(n.Key);
            if (c == 0)
            {
                value = n.Value;
                return true;
            }
            n = c < 0 ? n.Left : n.Right;
        }
        value = [];
        return false;
    }

    /// <summary>A new map with <paramref name="key"/> set to <paramref name="value"/> (arrays referenced, not copied); this map is unchanged.</summary>
    public PersistentSortedMap Set(byte[] key, byte[] value)
    {
        var delta = new Delta();
        var root = Insert(Root, key, value, ref delta);
        return new PersistentSortedMap(root, Count + delta.CountChange, Bytes + delta.BytesChange);
    }

    /// <summary>A new map without <paramref name="key"/> (the same contents if absent); this map is unchanged.</summary>
    public PersistentSortedMap Remove(ReadOnlySpan<byte> key)
    {
        var delta = new Delta();
        var root = Delete(Root, key, ref delta);
        return delta.CountChange == 0 ? this : new PersistentSortedMap(root, Count + delta.CountChange, Bytes + delta.BytesChange);
    }

    internal sealed class Node(byte[] key, byte[] value, Node? left, Node? right)
    {
        public readonly byte[] Key = key;
        public readonly byte[] Value = value;
        public readonly Node? Left = left;
        public readonly Node? Right = right;
        public readonly int Height = 1 + Math.Max(left?.Height ?? 0, right?.Height ?? 0);
    }

    private struct Delta
    {
        public int CountChange;
        public long BytesChange;
    }

    private static int H(Node? n) => n?.Height ?? 0;

    private static Node Insert(Node? n, byte[] key, byte[] value, ref Delta delta)
    {
        if (n is null)
        {
            delta.CountChange = 1;
            delta.BytesChange = key.Length + value.Length;
            return new Node(key, value, null, null);
        }
        var c = key.AsSpan().SequenceCompareTo(n.Key);
        if (c == 0)
        {
            delta.BytesChange = value.Length - n.Value.Length;
            return new Node(n.Key, value, n.Left, n.Right);
        }
        return c < 0
            ? Balance(n.Key, n.Value, Insert(n.Left, key, value, ref delta), n.Right)
            : Balance(n.Key, n.Value, n.Left, Insert(n.Right, key, value, ref delta));
    }

    private static Node? Delete(Node? n, ReadOnlySpan<byte> key, ref Delta delta)
    {
        if (n is null) return null;
        var c = key.SequenceCompareTo(n.Key);
        if (c < 0)
        {
            var left = Delete(n.Left, key, ref delta);
            return ReferenceEquals(left, n.Left) ? n : Balance(n.Key, n.Value, left, n.Right);
        }
        if (c > 0)
        {
            var right = Delete(n.Right, key, ref delta);
            return ReferenceEquals(right, n.Right) ? n : Balance(n.Key, n.Value, n.Left, right);
        }
        delta.CountChange = -1;
        delta.BytesChange = -(n.Key.Length + n.Value.Length);
        if (n.Left is null) return n.Right;
        if (n.Right is null) return n.Left;
        var min = n.Right;
        while (min.Left is not null) min = min.Left;
        return Balance(min.Key, min.Value, n.Left, RemoveMin(n.Right));
    }

    private static Node? RemoveMin(Node n) =>
        n.Left is null ? n.Right : Balance(n.Key, n.Value, RemoveMin(n.Left), n.Right);

    private static Node Balance(byte[] key, byte[] value, Node? l, Node? r)
    {
        var hl = H(l);
        var hr = H(r);
        if (hl > hr + 1)
        {
            // l is not null: its height exceeds r's by two.
            if (H(l!.Left) >= H(l.Right)) return new Node(l.Key, l.Value, l.Left, new Node(key, value, l.Right, r));
            var lr = l.Right!;
            return new Node(lr.Key, lr.Value, new Node(l.Key, l.Value, l.Left, lr.Left), new Node(key, value, lr.Right, r));
        }
        if (hr > hl + 1)
        {
            if (H(r!.Right) >= H(r.Left)) return new Node(r.Key, r.Value, new Node(key, value, l, r.Left), r.Right);
            var rl = r.Left!;
            return new Node(rl.Key, rl.Value, new Node(key, value, l, rl.Left), new Node(r.Key, r.Value, rl.Right, r.Right));
        }
        return new Node(key, value, l, r);
    }
}
