namespace Workbench.Storage.Memory;

/// <summary>
/// In-order cursor over one version of a <see cref="PersistentSortedMap"/> (an explicit stack of the
/// path to the current node). Reads an immutable tree, so it never sees later writes. One thread.
/// </summary>
public sealed class PersistentSortedMapCursor
{
    private readonly PersistentSortedMap _map;
    private readonly Stack<PersistentSortedMap.Node> _stack = new();

    public PersistentSortedMapCursor(PersistentSortedMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
    }

    public bool Valid => _stack.Count > 0;
    public byte[] Key => _stack.Peek().Key;
    public byte[] Value => _stack.Peek().Value;

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
