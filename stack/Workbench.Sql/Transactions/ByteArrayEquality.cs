namespace Workbench.Sql.Transactions;

/// <summary>Content equality of byte arrays, for dictionaries keyed by encoded keys.</summary>
public sealed class ByteArrayEquality : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayEquality Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? x == y : x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var h = new HashCode();
        h.AddBytes(obj);
        return h.ToHashCode();
    }
}
