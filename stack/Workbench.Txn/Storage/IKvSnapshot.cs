using Workbench.Storage.Contract;

namespace Workbench.Txn.Storage;

/// <summary>
/// A consistent view of the three column families (TiKV's <c>kv::Snapshot</c>). Belongs to one
/// thread; dispose to release what it pins. Iterators are bounded to [lower, upper).
/// </summary>
public interface IKvSnapshot : IDisposable
{
    /// <summary>The value at <paramref name="key"/> in <paramref name="cf"/>, or null.</summary>
    byte[]? Get(Cf cf, ReadOnlySpan<byte> key);

    /// <summary>An iterator over <paramref name="cf"/> within [<paramref name="lowerBound"/>, <paramref name="upperBound"/>) (null = unbounded), on this snapshot.</summary>
    IKvIterator Iterate(Cf cf, byte[]? lowerBound, byte[]? upperBound);
}
