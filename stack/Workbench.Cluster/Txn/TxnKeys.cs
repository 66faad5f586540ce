using Workbench.Txn.Mvcc;

namespace Workbench.Cluster.Txn;

/// <summary>
/// Where transactional keys sit in the region key space. TiKV's choice, followed here: region
/// boundaries are memcomparable-encoded user keys without a timestamp, so every version of a
/// key (CF write key+commit_ts, CF default key+start_ts) and its lock (CF lock, key alone) fall in
/// one region, and the client routes a raw key by its encoding.
/// </summary>
internal static class TxnKeys
{
    /// <summary>
    /// The split checker's key mapping (TiKV's Key::truncate_ts): a versioned key (encoded key +
    /// 8-byte ts) becomes its encoded user key; any other key (raw mode) is kept, since a raw key
    /// is a valid boundary as it is.
    /// </summary>
    public static byte[] SplitKeyOf(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length <= MvccKey.TsLength || (key.Length - MvccKey.TsLength) % 9 != 0) return key;
        var encoded = key.AsSpan(0, key.Length - MvccKey.TsLength);
        return MemComparable.TryDecode(encoded, out _, out var used) && used == encoded.Length ? encoded.ToArray() : key;
    }
}
