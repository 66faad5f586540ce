namespace Workbench.Txn.Storage;

/// <summary>One change an action asks the store to make (TiKV's <c>Modify::Put/Delete</c>). <see cref="Value"/> null = delete.</summary>
public readonly record struct Modify(Cf Cf, byte[] Key, byte[]? Value)
{
    /// <summary>A delete (no value).</summary>
    public bool IsDelete => Value is null;

    /// <summary>Key + value length: what this layer hands to the one below.</summary>
    public long Bytes => Key.Length + (Value?.Length ?? 0);

    /// <summary>A put of <paramref name="key"/> → <paramref name="value"/> in <paramref name="cf"/>.</summary>
    public static Modify Put(Cf cf, byte[] key, byte[] value) => new(cf, key, value);

    /// <summary>A delete of <paramref name="key"/> in <paramref name="cf"/>.</summary>
    public static Modify Delete(Cf cf, byte[] key) => new(cf, key, null);
}
