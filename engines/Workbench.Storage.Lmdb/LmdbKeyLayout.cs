namespace Workbench.Storage.Lmdb;

/// <summary>
/// How user keys become LMDB keys (FORMAT.md). LMDB rejects empty keys and keys longer than
/// mdb_env_get_maxkeysize (511 in Debian's build), so every stored key is a 0x00 byte followed by the
/// user key (order-preserving, never empty), and user keys of <see cref="PrefixLength"/> bytes or
/// more live in long-key buckets under the stored key of their first PrefixLength bytes. A stored key
/// is a bucket exactly when its length is <see cref="BucketKeyLength"/>. Immutable.
/// </summary>
internal sealed class LmdbKeyLayout
{
    public LmdbKeyLayout(int maxKeySize)
    {
        BucketKeyLength = maxKeySize;
        PrefixLength = maxKeySize - 1;
    }

    /// <summary>User-key bytes kept in a bucket's stored key; user keys at least this long are bucketed.</summary>
    public int PrefixLength { get; }

    /// <summary>Length of a bucket's stored key (= LMDB's maximum key size).</summary>
    public int BucketKeyLength { get; }

    public bool IsBucketed(ReadOnlySpan<byte> userKey) => userKey.Length >= PrefixLength;

    public bool IsBucketKey(ReadOnlySpan<byte> storedKey) => storedKey.Length == BucketKeyLength;

    /// <summary>Writes the stored key of <paramref name="userKey"/> (its bucket key when bucketed) into <paramref name="dest"/>; returns its length.</summary>
    public int Encode(ReadOnlySpan<byte> userKey, Span<byte> dest)
    {
        var n = Math.Min(userKey.Length, PrefixLength);
        dest[0] = 0;
        userKey[..n].CopyTo(dest[1..]);
        return n + 1;
    }

    /// <summary>The suffix of a bucketed user key (the part not in the bucket key).</summary>
    public ReadOnlySpan<byte> Suffix(ReadOnlySpan<byte> userKey) => userKey[PrefixLength..];
}
