using Workbench.Storage.Contract;

namespace Workbench.Txn.Storage;

/// <summary>
/// A consistent view of the three column families (TiKV's <c>kv::Snapshot</c>). Belongs to one
/// thread; dispose to release what it pins. Iterators are bounded to [lower, upper).
/// </summary>
public interface IKvSnapshot : IDisposable
{
    byte[]? Get(Cf cf, ReadOnlySpan<byte> key);

    IKvIterator Iterate(Cf cf, byte[]? lowerBound, byte[]? upperBound);
}
