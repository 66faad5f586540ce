namespace Workbench.Storage.Lsm.Cache;

/// <summary>
/// Recycles the arrays of data blocks, so a block-cache miss on the read path does not allocate:
/// a block whose last reference (cache or reader) is released gives its array back here, and the
/// next block read takes it. Arrays come in size classes of <see cref="ClassBytes"/> (a block of n
/// bytes gets the smallest class ≥ n; the block cache charges the array's real length), up to
/// <see cref="MaxPooledBytes"/>; larger blocks are plain arrays left to the GC. The pool keeps at
/// most <see cref="RetainLimitBytes"/> idle (the memory no cache counts), dropping returns beyond it.
/// Thread-safe: one short lock per size class.
/// </summary>
internal sealed class BlockBufferPool
{
    public const int ClassBytes = 512;
    public const int MaxPooledBytes = 256 * 1024;
    private const int Classes = MaxPooledBytes / ClassBytes;

    private readonly Stack<byte[]>?[] _free = new Stack<byte[]>?[Classes + 1];
    private readonly Lock[] _locks = new Lock[Classes + 1];
    private long _idleBytes;

    /// <param name="retainLimitBytes">Idle bytes kept at most (the engine passes a fraction of the block cache).</param>
    public BlockBufferPool(long retainLimitBytes)
    {
        RetainLimitBytes = Math.Max(0, retainLimitBytes);
        for (var i = 0; i < _locks.Length; i++) _locks[i] = new Lock();
    }

    public long RetainLimitBytes { get; }

    /// <summary>Bytes held idle right now.</summary>
    public long IdleBytes => Interlocked.Read(ref _idleBytes);

    /// <summary>An array of at least <paramref name="minLength"/> bytes (contents undefined), pooled when its class is.</summary>
    public byte[] Rent(int minLength)
    {
        var c = ClassOf(minLength);
        if (c > Classes) return new byte[minLength];
        lock (_locks[c])
        {
            if (_free[c] is { Count: > 0 } stack)
            {
                var a = stack.Pop();
                Interlocked.Add(ref _idleBytes, -a.Length);
                return a;
            }
        }
        return new byte[c * ClassBytes];
    }

    /// <summary>Gives back an array from <see cref="Rent"/>; its owner must hold no reference to it any more.</summary>
    public void Return(byte[] array)
    {
        var c = array.Length / ClassBytes;
        if (c == 0 || c > Classes || array.Length % ClassBytes != 0) return; // not a pooled size
        if (Interlocked.Add(ref _idleBytes, array.Length) > RetainLimitBytes)
        {
            Interlocked.Add(ref _idleBytes, -array.Length);
            return;
        }
        lock (_locks[c]) (_free[c] ??= new Stack<byte[]>()).Push(array);
    }

    private static int ClassOf(int length) => Math.Max(1, (length + ClassBytes - 1) / ClassBytes);
}
