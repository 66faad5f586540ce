using LiteDB;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// How user keys become LiteDB documents (FORMAT.md). LiteDB orders binary <c>_id</c>s in memcmp order
/// but refuses index keys of more than <see cref="MaxIdLength"/> bytes, so keys of that length or more
/// live in long-key buckets (<see cref="LongKeys.LongKeyBucket"/>) under the <c>_id</c> of their first
/// MaxIdLength bytes: a direct document is <c>{_id, v}</c>, a bucket <c>{_id, b}</c>. Stateless.
/// </summary>
internal static class LiteDbKeyLayout
{
    /// <summary>Longest binary _id LiteDB 5.0.21 indexes ("Index key must be less than 1023 bytes" counts a 2-byte header).</summary>
    public const int MaxIdLength = 1021;

    public const string ValueField = "v";
    public const string BucketField = "b";

    public static bool IsBucketed(ReadOnlySpan<byte> key) => key.Length >= MaxIdLength;

    /// <summary>The _id of the document holding <paramref name="key"/> (its bucket's when bucketed).</summary>
    public static BsonValue IdOf(ReadOnlySpan<byte> key) => new(key[..Math.Min(key.Length, MaxIdLength)].ToArray());

    public static ReadOnlySpan<byte> Suffix(ReadOnlySpan<byte> key) => key[MaxIdLength..];

    /// <summary>The collection of a column family: "cf_" + hex of its UTF-8 name (LiteDB allows only letters, digits and '_').</summary>
    public static string CollectionName(string columnFamily) =>
        "cf_" + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(columnFamily));
}
