using System.Buffers.Binary;
using System.Text;
using Workbench.Sql.Catalog;
using Workbench.Sql.Values;

namespace Workbench.Sql.Codec;

/// <summary>
/// TiDB's row format v2 (rowcodec): `0x80` version, flag (1 = large), u16 count of non-NULL columns,
/// u16 count of NULL columns, the non-NULL column ids then the NULL ones (each group ascending; u8
/// ids, or u32 when large), u16 end offsets of the non-NULL values (u32 when large), then the values:
/// integers in the fewest of 1/2/4/8 little-endian bytes, doubles memcomparable (8 bytes), decimals
/// `precision, frac, binary`, strings as raw UTF-8. The handle column (PKIsHandle) is left out: it is
/// in the key. See Codec/FORMAT.md.
/// </summary>
internal static class RowCodecV2
{
    public const byte Version = 128;

    public static byte[] Encode(TableInfo table, SqlValue[] row)
    {
        ArgumentNullException.ThrowIfNull(table); ArgumentNullException.ThrowIfNull(row);
        var cols = table.Columns;
        // Column ids are assigned ascending with the offset, so walking offsets keeps each group sorted.
        int notNull = 0, nulls = 0;
        bool large = false;
        var values = new byte[cols.Count][];
        int dataLength = 0;
        for (int i = 0; i < cols.Count; i++)
        {
            if (i == table.HandleColumn) continue;
            if (cols[i].Id > 255) large = true;
            if (row[i].IsNull) { nulls++; continue; }
            notNull++;
            values[i] = EncodeValue(cols[i], row[i]);
            dataLength += values[i].Length;
        }
        if (dataLength > ushort.MaxValue) large = true;
        int idSize = large ? 4 : 1, offSize = large ? 4 : 2;
        var buf = new byte[6 + (notNull + nulls) * idSize + notNull * offSize + dataLength];
        buf[0] = Version;
        buf[1] = (byte)(large ? 1 : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(2), (ushort)notNull);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(4), (ushort)nulls);
        int idPos = 6, nullIdPos = 6 + notNull * idSize, offPos = 6 + (notNull + nulls) * idSize;
        int dataPos = offPos + notNull * offSize, end = 0;
        for (int i = 0; i < cols.Count; i++)
        {
            if (i == table.HandleColumn) continue;
            long id = cols[i].Id;
            if (row[i].IsNull)
            {
                WriteId(buf, ref nullIdPos, id, large);
                continue;
            }
            WriteId(buf, ref idPos, id, large);
            values[i].CopyTo(buf, dataPos + end);
            end += values[i].Length;
            if (large) { BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(offPos), (uint)end); offPos += 4; }
            else { BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(offPos), (ushort)end); offPos += 2; }
        }
        return buf;
    }

    private static void WriteId(byte[] buf, ref int pos, long id, bool large)
    {
        if (large) { BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(pos), (uint)id); pos += 4; }
        else buf[pos++] = (byte)id;
    }

    /// <summary>Decodes a row; columns absent from the value get their default, the handle column gets <paramref name="handle"/>.</summary>
    public static SqlValue[] Decode(TableInfo table, ReadOnlySpan<byte> data, long handle)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (data.Length < 6 || data[0] != Version) throw new FormatException("row: not row format v2");
        bool large = (data[1] & 1) != 0;
        int notNull = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        int nulls = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        int idSize = large ? 4 : 1, offSize = large ? 4 : 2;
        int idsPos = 6, offPos = 6 + (notNull + nulls) * idSize, dataPos = offPos + notNull * offSize;
        if (dataPos > data.Length) throw new FormatException("row: truncated header");
        var cols = table.Columns;
        var row = new SqlValue[cols.Count];
        var seen = new bool[cols.Count];
        int start = 0;
        for (int n = 0; n < notNull; n++)
        {
            long id = large ? BinaryPrimitives.ReadUInt32LittleEndian(data[(idsPos + n * 4)..]) : data[idsPos + n];
            int end = large ? (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(offPos + n * 4)..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[(offPos + n * 2)..]);
            if (end < start || dataPos + end > data.Length) throw new FormatException("row: bad offset");
            int off = OffsetOf(cols, id);
            if (off >= 0) { row[off] = DecodeValue(cols[off], data.Slice(dataPos + start, end - start)); seen[off] = true; }
            start = end;
        }
        for (int n = 0; n < nulls; n++)
        {
            long id = large ? BinaryPrimitives.ReadUInt32LittleEndian(data[(idsPos + (notNull + n) * 4)..]) : data[idsPos + notNull + n];
            int off = OffsetOf(cols, id);
            if (off >= 0) seen[off] = true;
        }
        for (int i = 0; i < cols.Count; i++)
        {
            if (i == table.HandleColumn) row[i] = SqlValue.FromInt(handle);
            else if (!seen[i]) row[i] = cols[i].DefaultValue();
        }
        return row;
    }

    private static int OffsetOf(List<ColumnInfo> cols, long id)
    {
        // Ids are offset + 1 unless columns were dropped; try the fast guess first.
        if (id >= 1 && id <= cols.Count && cols[(int)id - 1].Id == id) return (int)id - 1;
        for (int i = 0; i < cols.Count; i++) if (cols[i].Id == id) return i;
        return -1;
    }

    public static byte[] EncodeValue(ColumnInfo column, SqlValue v)
    {
        ArgumentNullException.ThrowIfNull(column);
        v = column.Convert(v);
        switch (column.Type)
        {
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt:
                return EncodeCompactInt(v.AsInt());
            case SqlTypeKind.Double:
            {
                var b = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(b, MemComparable.FloatToCmp(v.AsDouble()));
                return b;
            }
            case SqlTypeKind.Decimal:
            {
                var bin = DecimalBinary.Encode(v.AsDecimal(), column.Length, column.Scale);
                var b = new byte[bin.Length + 2];
                b[0] = (byte)column.Length; b[1] = (byte)column.Scale;
                bin.CopyTo(b, 2);
                return b;
            }
            default:
                return Encoding.UTF8.GetBytes(v.AsString());
        }
    }

    public static SqlValue DecodeValue(ColumnInfo column, ReadOnlySpan<byte> b)
    {
        ArgumentNullException.ThrowIfNull(column);
        switch (column.Type)
        {
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt:
                return SqlValue.FromInt(DecodeCompactInt(b));
            case SqlTypeKind.Double:
                if (b.Length != 8) throw new FormatException("row: double value is not 8 bytes");
                return SqlValue.FromDouble(MemComparable.CmpToFloat(BinaryPrimitives.ReadUInt64BigEndian(b)));
            case SqlTypeKind.Decimal:
                if (b.Length < 2) throw new FormatException("row: truncated decimal");
                return SqlValue.FromDecimal(DecimalBinary.Decode(b[2..], b[0], b[1]));
            default:
                return SqlValue.FromString(Encoding.UTF8.GetString(b));
        }
    }

    public static byte[] EncodeCompactInt(long v)
    {
        if (v is >= sbyte.MinValue and <= sbyte.MaxValue) return [(byte)(sbyte)v];
        if (v is >= short.MinValue and <= short.MaxValue) { var b = new byte[2]; BinaryPrimitives.WriteInt16LittleEndian(b, (short)v); return b; }
        if (v is >= int.MinValue and <= int.MaxValue) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); return b; }
        var l = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(l, v); return l;
    }

    public static long DecodeCompactInt(ReadOnlySpan<byte> b) => b.Length switch
    {
        1 => (sbyte)b[0],
        2 => BinaryPrimitives.ReadInt16LittleEndian(b),
        4 => BinaryPrimitives.ReadInt32LittleEndian(b),
        8 => BinaryPrimitives.ReadInt64LittleEndian(b),
        _ => throw new FormatException($"row: integer of {b.Length} bytes"),
    };
}
