namespace Workbench.Sql.Transactions;

/// <summary>Content equality of byte arrays, for dictionaries keyed by encoded keys.</summary>
public sealed class ByteArrayEquality : IEqualityComparer<byte[]>
{
    /// <summary>The shared instance (no state).</summary>
    public static readonly ByteArrayEquality Instance = new();

    /// <summary>Same bytes (or both null).</summary>
    public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? x == y : x.AsSpan().SequenceEqual(y);

    /// <summary>Hash of the bytes, consistent with Equals.</summary>
    public int GetHashCode(byte[] obj)
    {
        var h = new HashCode();
        h.AddBytes(obj);
        return h.ToHashCode();
    }
}
