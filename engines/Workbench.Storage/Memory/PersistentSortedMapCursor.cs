namespace Workbench.Storage.Memory;

/// <summary>
/// In-order cursor over one version of a <see cref="PersistentSortedMap"/> (an explicit stack of the
/// path to the current node). Reads an immutable tree, so it never sees later writes. One thread.
/// Invariant: the stack holds the current node on top and, below it, exactly the ancestors whose
/// left subtree holds it (its successors on the path), which is what <see cref="Next"/> needs.
/// Backward moves find their node by one descent and rebuild that stack by a second one (O(log n)).
/// </summary>
public sealed class PersistentSortedMapCursor
{
    private readonly PersistentSortedMap _map;
    private readonly Stack<PersistentSortedMap.Node> _stack = new();

    /// <summary>A cursor over <paramref name="map"/>, not positioned until a seek.</summary>
    public PersistentSortedMapCursor(PersistentSortedMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
    }

    /// <summary>Whether the cursor is at an entry.</summary>
    public bool Valid => _stack.Count > 0;
    /// <summary>The current key; requires <see cref="Valid"/>.</summary>
    public byte[] Key => _stack.Peek().Key;
    /// <summary>The current value; requires <see cref="Valid"/>.</summary>
    public byte[] Value => _stack.Peek().Value;

    /// <summary>Positions at the smallest key (invalid when the map is empty).</summary>
    public void SeekToFirst()
    {
        _stack.Clear();
        PushLeft(_map.Root);
    }

    /// <summary>Positions at the first key &gt;= <paramref name="target"/>.</summary>
    public void Seek(ReadOnlySpan<byte> target)
    {
        _stack.Clear();
        var n = _map.Root;
        while (n is not null)
        {
            var c = target.SequenceCompareTo(n.Key);
            if (c == 0)
            {
                _stack.Push(n);
                return;
            }
            if (c < 0)
            {
                _stack.Push(n);
                n = n.Left;
            }
            else
            {
                n = n.Right;
            }
        }
    }

    /// <summary>Positions at the last key &lt;= <paramref name="target"/> (strictly &lt; when <paramref name="inclusive"/> is false).</summary>
    public void SeekForPrev(ReadOnlySpan<byte> target, bool inclusive = true)
    {
        PersistentSortedMap.Node? best = null;
        var n = _map.Root;
        while (n is not null)
        {
            var c = n.Key.AsSpan().SequenceCompareTo(target);
            if (c < 0 || (c == 0 && inclusive))
            {
                best = n;
                if (c == 0) break;
                n = n.Right;
            }
            else
            {
                n = n.Left;
            }
        }
        PositionAt(best);
    }

    /// <summary>Positions at the largest key (invalid when the map is empty).</summary>
    public void SeekToLast()
    {
        var n = _map.Root;
        while (n?.Right is not null) n = n.Right;
        PositionAt(n);
    }

    /// <summary>Moves to the previous key (invalid before the first).</summary>
    public void Prev() => SeekForPrev(Key, inclusive: false);

    private void PositionAt(PersistentSortedMap.Node? node)
    {
        if (node is null) _stack.Clear();
        else Seek(node.Key);
    }

    /// <summary>Moves to the next key in order; requires <see cref="Valid"/>.</summary>
    public void Next()
    {
        var n = _stack.Pop();
        PushLeft(n.Right);
    }

    private void PushLeft(PersistentSortedMap.Node? n)
    {
        while (n is not null)
        {
            _stack.Push(n);
            n = n.Left;
        }
    }
}
