using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Workbench.Sql.Values;

namespace Workbench.Sql.Protocol;

/// <summary>
/// COM_STMT_EXECUTE: statement id, flags, iteration count, then for n parameters a NULL bitmap of
/// (n + 7) / 8 bytes, new-params-bound flag, the types (2 bytes each) when bound, and the values.
/// Types are remembered per statement because clients (libmariadb) send them only once.
/// </summary>
internal static class StmtExecuteRequest
{
    public static uint ReadStatementId(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4) throw new ProtocolException("COM_STMT_EXECUTE without a statement id");
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    /// <summary>Parses the parameters; <paramref name="types"/> holds the types remembered so far and is updated when the packet binds new ones.</summary>
    public static SqlValue[] ReadParameters(ReadOnlySpan<byte> payload, int count, ushort[] types, IReadOnlyDictionary<int, byte[]> longData)
    {
        ArgumentNullException.ThrowIfNull(types); ArgumentNullException.ThrowIfNull(longData);
        var r = new PayloadReader(payload);
        r.U32("statement id");
        r.Byte("flags");
        r.U32("iteration count");
        var values = new SqlValue[count];
        if (count == 0) return values;
        var bitmap = r.Bytes((count + 7) / 8, "NULL bitmap");
        bool bound = r.Byte("new-params-bound flag") == 1;
        if (bound) for (int i = 0; i < count; i++) types[i] = r.U16("parameter type");
        for (int i = 0; i < count; i++)
        {
            if ((bitmap[i / 8] & (1 << (i % 8))) != 0) { values[i] = SqlValue.Null; continue; }
            if (longData.TryGetValue(i, out var ld)) { values[i] = SqlValue.FromString(Encoding.UTF8.GetString(ld)); continue; }
            ushort t = types[i];
            bool unsigned = (t & 0x8000) != 0;
            switch ((byte)t)
            {
                case 0x01: values[i] = SqlValue.FromInt(unsigned ? r.Byte() : (sbyte)r.Byte()); break;
                case 0x02 or 0x0D: values[i] = SqlValue.FromInt(unsigned ? r.U16() : (short)r.U16()); break;
                case 0x03 or 0x09: values[i] = SqlValue.FromInt(unsigned ? r.U32() : (int)r.U32()); break;
                case 0x08:
                {
                    ulong u = r.U64();
                    values[i] = unsigned && u > long.MaxValue ? SqlValue.FromDecimal(u) : SqlValue.FromInt((long)u);
                    break;
                }
                case 0x04: values[i] = SqlValue.FromDouble(BitConverter.Int32BitsToSingle((int)r.U32())); break;
                case 0x05: values[i] = SqlValue.FromDouble(BitConverter.Int64BitsToDouble((long)r.U64())); break;
                case 0x06: values[i] = SqlValue.Null; break;
                case 0x00 or 0xF6:
                {
                    var s = r.LenEncString("decimal parameter");
                    values[i] = decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? SqlValue.FromDecimal(m) : SqlValue.FromString(s);
                    break;
                }
                case 0x07 or 0x0A or 0x0C or 0x0B:
                    values[i] = SqlValue.FromString(ReadTemporal(ref r, (byte)t));
                    break;
                case 0x0F or 0xFD or 0xFE or 0xFC or 0xFB or 0xFA or 0xF9 or 0xF5 or 0x10:
                    values[i] = SqlValue.FromString(r.LenEncString("string parameter"));
                    break;
                default:
                    throw new ProtocolException($"unsupported parameter type 0x{t:X4} for parameter {i + 1}");
            }
        }
        return values;
    }

    private static string ReadTemporal(ref PayloadReader r, byte type)
    {
        int len = r.Byte("temporal length");
        var b = r.Bytes(len, "temporal value");
        if (type == 0x0B)
        {
            if (len < 8) return "00:00:00";
            int days = BinaryPrimitives.ReadInt32LittleEndian(b[1..]);
            return string.Create(CultureInfo.InvariantCulture, $"{(b[0] == 1 ? "-" : "")}{days * 24 + b[5]:00}:{b[6]:00}:{b[7]:00}");
        }
        if (len < 4) return "0000-00-00 00:00:00";
        int year = BinaryPrimitives.ReadUInt16LittleEndian(b);
        string date = string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{b[2]:00}-{b[3]:00}");
        if (len < 7) return type == 0x0A ? date : date + " 00:00:00";
        return string.Create(CultureInfo.InvariantCulture, $"{date} {b[4]:00}:{b[5]:00}:{b[6]:00}");
    }
}
