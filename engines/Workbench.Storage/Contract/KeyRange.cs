namespace Workbench.Storage.Contract;

/// <summary>
/// A key range [<see cref="Begin"/>, <see cref="End"/>) in bytewise order; a null end is unbounded
/// on that side (so an empty key is a real bound, not "none"). <c>default</c> is the whole key
/// space. The arrays are referenced, not copied: callers do not change them while in use. Immutable.
/// </summary>
public readonly struct KeyRange
{
    /// <summary>The range [<paramref name="begin"/>, <paramref name="end"/>); null on either side = unbounded there.</summary>
    public KeyRange(byte[]? begin, byte[]? end)
    {
        Begin = begin;
        End = end;
    }

    /// <summary>Every key.</summary>
    public static KeyRange All => default;

    /// <summary>Inclusive first key; null = from the first key.</summary>
    public byte[]? Begin { get; }

    /// <summary>Exclusive end key; null = to the last key.</summary>
    public byte[]? End { get; }

    /// <summary>Keys from <paramref name="begin"/> (inclusive) on.</summary>
    public static KeyRange From(byte[] begin) => new(begin, null);

    /// <summary>Keys below <paramref name="end"/>.</summary>
    public static KeyRange Below(byte[] end) => new(null, end);

    /// <summary>"[begin, end)" in hex, with -inf/+inf for unbounded sides.</summary>
    public override string ToString() =>
        $"[{(Begin is null ? "-inf" : Convert.ToHexString(Begin))}, {(End is null ? "+inf" : Convert.ToHexString(End))})";
}
