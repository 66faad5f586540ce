using System.Buffers.Binary;
using System.Text;
using Workbench.Sql.Catalog;
using Workbench.Sql.Values;

namespace Workbench.Sql.Codec;

/// <summary>
/// TiDB's tablecodec: row key `t{tableId}_r{handle}`, index key `t{tableId}_i{indexId}{datums}`
/// (a non-unique index appends the handle as an int datum); ids and handles are memcomparable
/// ints. Unique index values are the handle as 8 raw big-endian bytes; non-unique ones are "0".
/// Datums in keys carry TiDB's flags (NULL 0, bytes 1, int 3, float 5, decimal 6).
/// </summary>
internal static class TableCodec
{
    public const byte NilFlag = 0;
    public const byte BytesFlag = 1;
    public const byte IntFlag = 3;
    public const byte FloatFlag = 5;
    public const byte DecimalFlag = 6;
    public const int RecordKeyLength = 19;
    private static readonly byte[] NonUniqueValue = [(byte)'0'];

    public static byte[] RecordPrefix(long tableId)
    {
        var k = new List<byte>(11) { (byte)'t' };
        MemComparable.AppendInt(k, tableId);
        k.Add((byte)'_'); k.Add((byte)'r');
        return [.. k];
    }

    public static byte[] RecordKey(long tableId, long handle)
    {
        var k = new byte[RecordKeyLength];
        k[0] = (byte)'t';
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(1), (ulong)tableId ^ 0x8000000000000000UL);
        k[9] = (byte)'_'; k[10] = (byte)'r';
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(11), (ulong)handle ^ 0x8000000000000000UL);
        return k;
    }

    public static long DecodeRecordHandle(ReadOnlySpan<byte> key)
    {
        if (key.Length != RecordKeyLength || key[0] != 't' || key[9] != '_' || key[10] != 'r')
            throw new FormatException("not a record key");
        return MemComparable.ReadInt(key[11..]);
    }

    public static byte[] TablePrefix(long tableId)
    {
        var k = new List<byte>(9) { (byte)'t' };
        MemComparable.AppendInt(k, tableId);
        return [.. k];
    }

    public static List<byte> IndexPrefix(long tableId, long indexId)
    {
        var k = new List<byte>(32) { (byte)'t' };
        MemComparable.AppendInt(k, tableId);
        k.Add((byte)'_'); k.Add((byte)'i');
        MemComparable.AppendInt(k, indexId);
        return k;
    }

    /// <summary>The index key of a row: prefix, the indexed column datums, and for a non-unique index (or a unique one holding a NULL) the handle.</summary>
    public static byte[] IndexKey(TableInfo table, IndexInfo index, SqlValue[] row, long handle, out bool distinct)
    {
        ArgumentNullException.ThrowIfNull(table); ArgumentNullException.ThrowIfNull(index); ArgumentNullException.ThrowIfNull(row);
        var k = IndexPrefix(table.Id, index.Id);
        bool hasNull = false;
        foreach (var off in index.Columns)
        {
            var v = row[off];
            if (v.IsNull) hasNull = true;
            AppendDatum(k, table.Columns[off], v);
        }
        // A unique index holding a NULL is not unique in MySQL: append the handle so rows do not collide.
        distinct = index.Unique && !hasNull;
        if (!distinct) AppendDatum(k, IntFlag, handle);
        return [.. k];
    }

    public static byte[] IndexValue(bool distinct, long handle)
    {
        if (!distinct) return NonUniqueValue;
        var v = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(v, handle);
        return v;
    }

    /// <summary>The handle an index entry points at: from the value for a distinct entry, else from the key's last datum.</summary>
    public static long DecodeIndexHandle(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.Length == 8) return BinaryPrimitives.ReadInt64BigEndian(value);
        if (key.Length < 9 || key[^9] != IntFlag) throw new FormatException("index key does not end with an int handle");
        return MemComparable.ReadInt(key[^8..]);
    }

    public static void AppendDatum(List<byte> k, ColumnInfo column, SqlValue v)
    {
        ArgumentNullException.ThrowIfNull(k); ArgumentNullException.ThrowIfNull(column);
        if (v.IsNull) { k.Add(NilFlag); return; }
        v = column.Convert(v);
        switch (column.Type)
        {
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt:
                AppendDatum(k, IntFlag, v.AsInt());
                break;
            case SqlTypeKind.Double:
                k.Add(FloatFlag);
                MemComparable.AppendUint(k, MemComparable.FloatToCmp(v.AsDouble()));
                break;
            case SqlTypeKind.Decimal:
                k.Add(DecimalFlag);
                k.Add((byte)column.Length); k.Add((byte)column.Scale);
                k.AddRange(DecimalBinary.Encode(v.AsDecimal(), column.Length, column.Scale));
                break;
            default:
                k.Add(BytesFlag);
                MemComparable.AppendBytes(k, Encoding.UTF8.GetBytes(v.AsString()));
                break;
        }
    }

    private static void AppendDatum(List<byte> k, byte flag, long v)
    {
        k.Add(flag);
        MemComparable.AppendInt(k, v);
    }

    /// <summary>The smallest key strictly greater than every key with this prefix (TiDB's PrefixNext).</summary>
    public static byte[] PrefixNext(ReadOnlySpan<byte> prefix)
    {
        var r = prefix.ToArray();
        for (int i = r.Length - 1; i >= 0; i--)
        {
            if (r[i] != 0xFF) { r[i]++; return r.AsSpan(0, i + 1).ToArray(); }
        }
        return [.. r, 0];
    }
}
