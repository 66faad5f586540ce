namespace Workbench.Txn.Mvcc;

/// <summary>
/// Keys as TiKV stores them (<c>txn_types::Key</c>): the encoded user key (<see cref="MemComparable"/>)
/// in CF lock; encoded key + <c>~ts</c> (8 bytes big-endian) in CF write (ts = commit_ts) and CF
/// default (ts = start_ts). Stateless, thread-safe; the byte[] forms allocate (off the engine's path
/// they are what the actions hand to <see cref="Storage.Modify"/> anyway).
/// </summary>
public static class MvccKey
{
    /// <summary>Bytes of the ~ts suffix of a versioned key.</summary>
    public const int TsLength = 8;

    /// <summary>The lock-CF key of a user key.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> userKey) => MemComparable.Encode(userKey);

    /// <summary>Encoded user key followed by <c>~ts</c>.</summary>
    public static byte[] AppendTs(ReadOnlySpan<byte> encodedKey, ulong ts)
    {
        var b = new byte[encodedKey.Length + TsLength];
        encodedKey.CopyTo(b);
        MemComparable.WriteDescendingU64(b.AsSpan(encodedKey.Length), ts);
        return b;
    }

    /// <summary>The user key and ts encoded as one versioned key.</summary>
    public static byte[] EncodeWithTs(ReadOnlySpan<byte> userKey, ulong ts)
    {
        var len = MemComparable.EncodedLength(userKey.Length);
        var b = new byte[len + TsLength];
        MemComparable.Encode(userKey, b);
        MemComparable.WriteDescendingU64(b.AsSpan(len), ts);
        return b;
    }

    /// <summary>Splits a versioned key into its encoded-key part and its ts; false when too short.</summary>
    public static bool TrySplitTs(ReadOnlySpan<byte> versionedKey, out ReadOnlySpan<byte> encodedKey, out ulong ts)
    {
        if (versionedKey.Length < TsLength + 9)
        {
            encodedKey = default;
            ts = 0;
            return false;
        }
        encodedKey = versionedKey[..^TsLength];
        ts = MemComparable.ReadDescendingU64(versionedKey[^TsLength..]);
        return true;
    }

    /// <summary>The raw user key of an encoded (lock-CF) key.</summary>
    public static byte[] DecodeUserKey(ReadOnlySpan<byte> encodedKey) => MemComparable.Decode(encodedKey);
}
