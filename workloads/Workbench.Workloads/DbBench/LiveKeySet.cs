namespace Workbench.Workloads.DbBench;

/// <summary>
/// Which key numbers currently hold a value (one bit each), so space amplification can be computed
/// against the logical live bytes. Thread-safe: bits are set and cleared with interlocked operations.
/// </summary>
public sealed class LiveKeySet
{
    private readonly long[] _words;

    public LiveKeySet(long keys) => _words = new long[(keys + 63) / 64];

    public void Add(long key) => Interlocked.Or(ref _words[key >> 6], 1L << (int)(key & 63));

    public void Remove(long key) => Interlocked.And(ref _words[key >> 6], ~(1L << (int)(key & 63)));

    public void Clear() => Array.Clear(_words);

    public long Count
    {
        get
        {
            long n = 0;
            foreach (var w in _words) n += System.Numerics.BitOperations.PopCount((ulong)w);
            return n;
        }
    }
}
