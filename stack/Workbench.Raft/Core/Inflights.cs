namespace Workbench.Raft.Core;

/// <summary>
/// Ring buffer of the last indices of append messages in flight to one follower (flow control:
/// at most <c>capacity</c> unacknowledged appends). Not thread-safe (owned by the Raft core).
/// </summary>
internal sealed class Inflights
{
    private readonly ulong[] _buffer;
    private int _start;

    public Inflights(int capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "max in-flight messages must be positive");
        _buffer = new ulong[capacity];
    }

    public int Count { get; private set; }
    public bool Full => Count == _buffer.Length;

    public void Add(ulong lastIndex)
    {
        if (Full) throw new InvalidOperationException("cannot add to a full inflights window");
        _buffer[(_start + Count) % _buffer.Length] = lastIndex;
        Count++;
    }

    /// <summary>Frees every in-flight append whose last index is at most <paramref name="to"/>.</summary>
    public void FreeLe(ulong to)
    {
        while (Count > 0 && _buffer[_start] <= to)
        {
            _start = (_start + 1) % _buffer.Length;
            Count--;
        }
        if (Count == 0) _start = 0;
    }

    public void FreeFirstOne()
    {
        if (Count == 0) return;
        _start = (_start + 1) % _buffer.Length;
        Count--;
    }

    public void Reset()
    {
        Count = 0;
        _start = 0;
    }
}
