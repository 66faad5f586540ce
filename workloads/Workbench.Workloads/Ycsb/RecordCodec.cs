using System.Buffers;
using Workbench.Storage.Encoding;

namespace Workbench.Workloads.Ycsb;

/// <summary>
/// Encodes a YCSB record (fields field0…fieldN-1) into one engine value, as go-ycsb's row codec
/// does for key-value stores: <c>varint(count) { varint(fieldIndex) varint(length) bytes }*</c>,
/// fields in ascending index order. The encoding is the stored format of every YCSB value, so
/// its size is what "value size" means for a YCSB cell. Stateless, thread-safe.
/// </summary>
public static class RecordCodec
{
    /// <summary>Bytes of an encoded record with <paramref name="fieldCount"/> fields of <paramref name="fieldLength"/> bytes.</summary>
    public static int EncodedSize(int fieldCount, int fieldLength) =>
        VarInt.Size((ulong)fieldCount) + fieldCount * VarInt.Size((ulong)fieldLength) + SumIndexSizes(fieldCount) + fieldCount * fieldLength;

    private static int SumIndexSizes(int fieldCount)
    {
        var sum = 0;
        for (var i = 0; i < fieldCount; i++) sum += VarInt.Size((ulong)i);
        return sum;
    }

    /// <summary>The field length whose encoded record is as close to <paramref name="valueSize"/> as possible without exceeding it (at least 1).</summary>
    public static int FieldLengthForValueSize(int fieldCount, int valueSize)
    {
        var len = Math.Max(1, valueSize / fieldCount);
        while (len > 1 && EncodedSize(fieldCount, len) > valueSize) len--;
        return len;
    }

    /// <summary>Writes a full record whose field bytes come from <paramref name="fill"/> (fieldCount × fieldLength bytes).</summary>
    public static void WriteFull(IBufferWriter<byte> output, int fieldCount, int fieldLength, ReadOnlySpan<byte> fill)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteVar(output, (ulong)fieldCount);
        for (var i = 0; i < fieldCount; i++)
        {
            WriteVar(output, (ulong)i);
            WriteVar(output, (ulong)fieldLength);
            output.Write(fill.Slice(i * fieldLength, fieldLength));
        }
    }

    /// <summary>Copies <paramref name="record"/> replacing field <paramref name="fieldIndex"/> by <paramref name="newValue"/> (adding it if absent).</summary>
    public static void WriteWithField(IBufferWriter<byte> output, ReadOnlySpan<byte> record, int fieldIndex, ReadOnlySpan<byte> newValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = (int)Read(ref record);
        var present = false;
        var fields = record;
        for (var i = 0; i < count; i++)
        {
            var idx = (int)Read(ref fields);
            var len = (int)Read(ref fields);
            if (idx == fieldIndex) present = true;
            fields = fields[len..];
        }
        WriteVar(output, (ulong)(present ? count : count + 1));
        var inserted = false;
        for (var i = 0; i < count; i++)
        {
            var idx = (int)Read(ref record);
            var len = (int)Read(ref record);
            var bytes = record[..len];
            record = record[len..];
            if (!inserted && idx > fieldIndex)
            {
                WriteField(output, fieldIndex, newValue);
                inserted = true;
            }
            if (idx == fieldIndex)
            {
                if (!inserted) WriteField(output, fieldIndex, newValue);
                inserted = true;
                continue;
            }
            WriteField(output, idx, bytes);
        }
        if (!inserted) WriteField(output, fieldIndex, newValue);
    }

    /// <summary>Number of fields in an encoded record, checking the whole encoding is well formed.</summary>
    public static int CountFields(ReadOnlySpan<byte> record)
    {
        var count = (int)Read(ref record);
        for (var i = 0; i < count; i++)
        {
            Read(ref record);
            var len = (int)Read(ref record);
            if (len > record.Length) throw new FormatException($"YCSB record field {i} claims {len} bytes, {record.Length} remain");
            record = record[len..];
        }
        if (!record.IsEmpty) throw new FormatException($"YCSB record has {record.Length} trailing bytes");
        return count;
    }

    /// <summary>The bytes of field <paramref name="fieldIndex"/>; false when absent.</summary>
    public static bool TryGetField(ReadOnlySpan<byte> record, int fieldIndex, out ReadOnlySpan<byte> value)
    {
        var count = (int)Read(ref record);
        for (var i = 0; i < count; i++)
        {
            var idx = (int)Read(ref record);
            var len = (int)Read(ref record);
            if (idx == fieldIndex)
            {
                value = record[..len];
                return true;
            }
            record = record[len..];
        }
        value = default;
        return false;
    }

    private static void WriteField(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> bytes)
    {
        WriteVar(output, (ulong)index);
        WriteVar(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static void WriteVar(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = VarInt.Write(span, value);
        output.Advance(n);
    }

    private static ulong Read(ref ReadOnlySpan<byte> span)
    {
        var consumed = VarInt.TryRead(span, out var value);
        if (consumed == 0)
            throw new FormatException("YCSB record: truncated or malformed varint");
        span = span[consumed..];
        return value;
    }
}
