using System.Buffers;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Batch;

/// <summary>
/// An ordered list of puts and deletes applied atomically across column families by
/// <see cref="IKvEngine.Write"/>. The representation is one contiguous buffer (see <see cref="Data"/>)
/// so an engine can log it as-is: per entry <c>kind (1) | cf id (varint) | key length (varint) | key
/// | [value length (varint) | value]</c> (value only for puts). A batch belongs to one thread at a
/// time and may be reused after <see cref="Clear"/>; its buffer is pooled, so dispose it when done.
/// </summary>
public sealed class WriteBatch : IDisposable
{
    /// <summary>Largest key the contract accepts (every engine, including page-based ones, must store it).</summary>
    public const int MaxKeySize = 1024;

    /// <summary>Largest value the contract accepts.</summary>
    public const int MaxValueSize = 64 << 20;

    private byte[] _buffer;
    private int _length;
    private bool _disposed;

    /// <summary>An empty batch whose pooled buffer starts at <paramref name="initialCapacity"/> bytes (at least 16) and grows as operations are added.</summary>
    public WriteBatch(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));
    }

    /// <summary>Number of operations in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Σ (key length + value length) of the operations: the "user bytes" of DESIGN.md §4.</summary>
    public long UserBytes { get; private set; }

    /// <summary>The encoded operations (valid until the next mutation).</summary>
    public ReadOnlySpan<byte> Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>Appends a put of <paramref name="key"/> → <paramref name="value"/> in column family <paramref name="cf"/>; later operations on the same key win.</summary>
    public WriteBatch Put(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cf);
        return Put(cf.Id, key, value);
    }

    /// <summary>Appends a put by column family id (the handle's <see cref="ColumnFamilyHandle.Id"/>); throws when the key or value exceeds the contract's maximum.</summary>
    public WriteBatch Put(int cfId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckKey(key);
        if (value.Length > MaxValueSize)
            throw new ArgumentOutOfRangeException(nameof(value), $"value of {value.Length} bytes exceeds the maximum of {MaxValueSize}");
        Append(WriteBatchOperationKind.Put, cfId, key, value, true);
        return this;
    }

    /// <summary>Appends a delete of <paramref name="key"/> in column family <paramref name="cf"/> (a missing key is not an error).</summary>
    public WriteBatch Delete(ColumnFamilyHandle cf, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(cf);
        return Delete(cf.Id, key);
    }

    /// <summary>Appends a delete by column family id; throws when the key exceeds <see cref="MaxKeySize"/>.</summary>
    public WriteBatch Delete(int cfId, ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        Append(WriteBatchOperationKind.Delete, cfId, key, default, false);
        return this;
    }

    /// <summary>Empties the batch (count and user bytes to 0) keeping its buffer, so it can be reused.</summary>
    public void Clear()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _length = 0;
        Count = 0;
        UserBytes = 0;
    }

    /// <summary>Replaces the contents with an encoded representation (as produced by <see cref="Data"/>), validating it.</summary>
    public void SetData(ReadOnlySpan<byte> data)
    {
        Clear();
        var count = 0;
        long user = 0;
        foreach (var op in new WriteBatchReader(data))
        {
            count++;
            user += op.Key.Length + op.Value.Length;
        }
        EnsureCapacity(data.Length);
        data.CopyTo(_buffer);
        _length = data.Length;
        Count = count;
        UserBytes = user;
    }

    /// <summary>Decodes the operations in the order they were added (foreach support).</summary>
    public WriteBatchReader.Enumerator GetEnumerator() => new WriteBatchReader(Data).GetEnumerator();

    /// <summary>Returns the buffer to the pool; the batch must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxKeySize)
            throw new ArgumentOutOfRangeException(nameof(key), $"key of {key.Length} bytes exceeds the maximum of {MaxKeySize}");
    }

    private void Append(WriteBatchOperationKind kind, int cfId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool hasValue)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(cfId);
        var need = 1 + VarInt.MaxLength64 * 3 + key.Length + value.Length;
        EnsureCapacity(_length + need);
        var span = _buffer.AsSpan(_length);
        var p = 0;
        span[p++] = (byte)kind;
        p += VarInt.Write(span[p..], (ulong)cfId);
        p += VarInt.Write(span[p..], (ulong)key.Length);
        key.CopyTo(span[p..]);
        p += key.Length;
        if (hasValue)
        {
            p += VarInt.Write(span[p..], (ulong)value.Length);
            value.CopyTo(span[p..]);
            p += value.Length;
        }
        _length += p;
        Count++;
        UserBytes += key.Length + value.Length;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
