using System.Text;
using Workbench.Sql.Execution;
using Workbench.Sql.Values;

namespace Workbench.Sql.Protocol;

/// <summary>ProtocolBinary::ResultsetRow: 0x00, NULL bitmap of (n + 7 + 2) / 8 bytes (offset 2), then values by column type: LONGLONG/DOUBLE 8 bytes, LONG 4, SHORT 2, TINY 1, others as length-encoded strings.</summary>
internal static class BinaryRow
{
    public static void Write(PayloadWriter w, IReadOnlyList<ResultColumn> columns, SqlValue[] row)
    {
        ArgumentNullException.ThrowIfNull(w); ArgumentNullException.ThrowIfNull(columns); ArgumentNullException.ThrowIfNull(row);
        w.Byte(0);
        int n = columns.Count;
        Span<byte> bitmap = stackalloc byte[(n + 7 + 2) / 8];
        bitmap.Clear();
        for (int i = 0; i < n; i++) if (row[i].IsNull) bitmap[(i + 2) / 8] |= (byte)(1 << ((i + 2) % 8));
        w.Bytes(bitmap);
        for (int i = 0; i < n; i++)
        {
            var v = row[i];
            if (v.IsNull) continue;
            switch (columns[i].Type)
            {
                case ColumnType.LongLong: w.U64((ulong)v.AsInt()); break;
                case ColumnType.Long: w.U32((uint)(int)v.AsInt()); break;
                case ColumnType.Short: w.U16((ushort)(short)v.AsInt()); break;
                case ColumnType.Tiny: w.Byte((byte)(sbyte)v.AsInt()); break;
                case ColumnType.Double: w.U64((ulong)BitConverter.DoubleToInt64Bits(v.AsDouble())); break;
                default: w.LenEncBytes(Encoding.UTF8.GetBytes(TextRow.Format(columns[i], v))); break;
            }
        }
    }
}
