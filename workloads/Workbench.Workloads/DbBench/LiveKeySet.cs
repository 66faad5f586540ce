namespace Workbench.Workloads.DbBench;

/// <summary>
/// Which key numbers currently hold a value (one bit each), so space amplification can be computed
/// against the logical live bytes. Thread-safe: bits are set and cleared with interlocked operations.
/// </summary>
public sealed class LiveKeySet
{
    private readonly long[] _words;

    /// <summary>An empty set for key numbers 0 .. <paramref name="keys"/> − 1.</summary>
    public LiveKeySet(long keys) => _words = new long[(keys + 63) / 64];

    /// <summary>Marks <paramref name="key"/> as holding a value.</summary>
    public void Add(long key) => Interlocked.Or(ref _words[key >> 6], 1L << (int)(key & 63));

    /// <summary>Marks <paramref name="key"/> as deleted.</summary>
    public void Remove(long key) => Interlocked.And(ref _words[key >> 6], ~(1L << (int)(key & 63)));

    /// <summary>Marks every key as absent (a fresh database). Not atomic against concurrent Add/Remove.</summary>
    public void Clear() => Array.Clear(_words);

    /// <summary>Number of keys holding a value (a popcount over the words; O(keys / 64)).</summary>
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
