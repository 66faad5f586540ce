using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Batch;

/// <summary>
/// Decodes a write batch representation (see <see cref="WriteBatch"/>), e.g. one replayed from a
/// log. A malformed representation throws <see cref="CorruptionException"/> naming the offset.
/// </summary>
public readonly ref struct WriteBatchReader
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>A reader over the encoded representation <paramref name="data"/> (not copied).</summary>
    public WriteBatchReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>Enumerates the operations in order; throws <see cref="CorruptionException"/> at a malformed entry.</summary>
    public Enumerator GetEnumerator() => new(_data);

    /// <summary>Decodes one entry per <see cref="MoveNext"/>; the spans of <see cref="Current"/> stay valid as long as the data does.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _pos;
        private WriteBatchOperation _current;

        internal Enumerator(ReadOnlySpan<byte> data)
        {
            _data = data;
            _pos = 0;
            _current = default;
        }

        /// <summary>The entry decoded by the last successful <see cref="MoveNext"/>.</summary>
        public readonly WriteBatchOperation Current => _current;

        /// <summary>Decodes the next entry; false at the end of the data, <see cref="CorruptionException"/> (naming the offset) when malformed.</summary>
        public bool MoveNext()
        {
            if (_pos >= _data.Length) return false;
            var start = _pos;
            var kind = (WriteBatchOperationKind)_data[_pos++];
            if (kind is not (WriteBatchOperationKind.Put or WriteBatchOperationKind.Delete))
                throw Bad(start, $"unknown operation kind {(byte)kind}");
            var cf = ReadLength(start);
            var keyLen = ReadLength(start);
            if (_pos + keyLen > _data.Length) throw Bad(start, "key runs past the end");
            var key = _data.Slice(_pos, keyLen);
            _pos += keyLen;
            ReadOnlySpan<byte> value = default;
            if (kind == WriteBatchOperationKind.Put)
            {
                var valLen = ReadLength(start);
                if (_pos + valLen > _data.Length) throw Bad(start, "value runs past the end");
                value = _data.Slice(_pos, valLen);
                _pos += valLen;
            }
            _current = new WriteBatchOperation(kind, cf, key, value);
            return true;
        }

        private int ReadLength(int start)
        {
            var n = VarInt.TryRead(_data[_pos..], out var v);
            if (n == 0 || v > int.MaxValue) throw Bad(start, "bad varint");
            _pos += n;
            return (int)v;
        }

        private static CorruptionException Bad(int offset, string detail) =>
            new("write batch", offset, detail);
    }
}
