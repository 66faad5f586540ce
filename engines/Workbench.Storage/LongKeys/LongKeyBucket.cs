using Workbench.Storage.Batch;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.LongKeys;

/// <summary>
/// Lets an engine built on a library with a key-size limit below <see cref="WriteBatch.MaxKeySize"/>
/// (LMDB: 511 bytes, LiteDB: 1021) store every key while keeping memcmp order. A key shorter than the
/// library's limit L is stored as itself. A key of length &gt;= L is stored in a <em>bucket</em>: one
/// library entry whose key is the first L bytes of the key (so no direct key collides with it: those
/// are all shorter) and whose value lists (suffix, value) pairs in ascending suffix order. Every key
/// with a given L-byte prefix P sorts between P and the next L-byte string, and no shorter key sorts
/// among them, so visiting direct entries and expanded buckets in library order visits keys in memcmp
/// order. Format (FORMAT.md): repeated <c>varint suffixLength, suffix, varint valueLength, value</c>,
/// strictly increasing suffixes; an empty bucket is deleted, never stored. Stateless; thread-safe.
/// </summary>
public static class LongKeyBucket
{
    /// <summary>The value of <paramref name="suffix"/> in <paramref name="bucket"/>, or false.</summary>
    public static bool TryFind(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> suffix, out ReadOnlySpan<byte> value)
    {
        var reader = new Reader(bucket);
        while (reader.Next(out var s, out var v))
        {
            var c = s.SequenceCompareTo(suffix);
            if (c == 0)
            {
                value = v;
                return true;
            }
            if (c > 0) break;
        }
        value = default;
        return false;
    }

    /// <summary>A new bucket with <paramref name="suffix"/> set to <paramref name="value"/> (inserted or replaced).</summary>
    public static byte[] Upsert(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> value)
    {
        var output = new List<byte>(bucket.Length + suffix.Length + value.Length + 10);
        var reader = new Reader(bucket);
        var written = false;
        while (reader.Next(out var s, out var v))
        {
            var c = s.SequenceCompareTo(suffix);
            if (c == 0) continue; // replaced below
            if (c > 0 && !written)
            {
                Append(output, suffix, value);
                written = true;
            }
            Append(output, s, v);
        }
        if (!written) Append(output, suffix, value);
        return [.. output];
    }

    /// <summary>The bucket without <paramref name="suffix"/>: null when it became empty; <paramref name="removed"/> says whether it was there.</summary>
    public static byte[]? Remove(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> suffix, out bool removed)
    {
        var output = new List<byte>(bucket.Length);
        var reader = new Reader(bucket);
        removed = false;
        while (reader.Next(out var s, out var v))
        {
            if (s.SequenceEqual(suffix))
            {
                removed = true;
                continue;
            }
            Append(output, s, v);
        }
        return output.Count == 0 ? null : [.. output];
    }

    /// <summary>Decodes the whole bucket (iterators copy it once per bucket, then walk the copy).</summary>
    public static List<(byte[] Suffix, byte[] Value)> Decode(ReadOnlySpan<byte> bucket)
    {
        var list = new List<(byte[], byte[])>();
        var reader = new Reader(bucket);
        while (reader.Next(out var s, out var v)) list.Add((s.ToArray(), v.ToArray()));
        return list;
    }

    private static void Append(List<byte> output, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> value)
    {
        Span<byte> varint = stackalloc byte[10];
        var n = VarInt.Write(varint, (ulong)suffix.Length);
        foreach (var b in varint[..n]) output.Add(b);
        foreach (var b in suffix) output.Add(b);
        n = VarInt.Write(varint, (ulong)value.Length);
        foreach (var b in varint[..n]) output.Add(b);
        foreach (var b in value) output.Add(b);
    }

    /// <summary>Walks a bucket's entries; a malformed bucket throws <see cref="CorruptionException"/>.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _pos;
        private int _previousStart = -1; // offset and length of the previous suffix in _data
        private int _previousLength;

        public Reader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _pos = 0;
        }

        public bool Next(out ReadOnlySpan<byte> suffix, out ReadOnlySpan<byte> value)
        {
            suffix = default;
            value = default;
            if (_pos >= _data.Length) return false;
            var start = _pos;
            var (suffixStart, suffixLength) = Slice(start);
            var (valueStart, valueLength) = Slice(start);
            if (_previousStart >= 0 && _data.Slice(suffixStart, suffixLength).SequenceCompareTo(_data.Slice(_previousStart, _previousLength)) <= 0)
                throw Bad(start, "suffixes out of order");
            _previousStart = suffixStart;
            _previousLength = suffixLength;
            suffix = _data.Slice(suffixStart, suffixLength);
            value = _data.Slice(valueStart, valueLength);
            return true;
        }

        private (int Start, int Length) Slice(int start)
        {
            var n = VarInt.TryRead(_data[_pos..], out var length);
            if (n == 0 || length > (ulong)(_data.Length - _pos - n)) throw Bad(start, "bad length");
            _pos += n;
            var at = _pos;
            _pos += (int)length;
            return (at, (int)length);
        }

        private static CorruptionException Bad(int offset, string detail) => new("long-key bucket", offset, detail);
    }
}
