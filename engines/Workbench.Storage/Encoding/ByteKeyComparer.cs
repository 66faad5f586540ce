namespace Workbench.Storage.Encoding;

/// <summary>Bytewise (memcmp) order over byte arrays, the order of every engine's keys. Stateless, thread-safe.</summary>
public sealed class ByteKeyComparer : IComparer<byte[]>, IEqualityComparer<byte[]>
{
    /// <summary>The shared instance (the comparer holds no state).</summary>
    public static readonly ByteKeyComparer Instance = new();

    /// <summary>Bytewise comparison; null sorts before every array.</summary>
    public int Compare(byte[]? x, byte[]? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>Same bytes (or both null).</summary>
    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <summary>Hash of the bytes, consistent with <see cref="Equals(byte[], byte[])"/>; randomized per process like string hashes.</summary>
    public int GetHashCode(byte[] obj)
    {
        var h = new HashCode();
        h.AddBytes(obj);
        return h.ToHashCode();
    }
}
