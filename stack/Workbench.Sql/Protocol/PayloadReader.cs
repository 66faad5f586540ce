using System.Buffers.Binary;
using System.Text;

namespace Workbench.Sql.Protocol;

/// <summary>Reads a received payload; every read checks bounds and throws <see cref="ProtocolException"/> when the packet is short.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Remaining => _data.Length - _pos;
    public readonly bool AtEnd => _pos >= _data.Length;

    private ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || n > Remaining) throw new ProtocolException($"packet too short reading {what} ({Remaining} bytes left, {n} needed)");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte Byte(string what = "a byte") => Take(1, what)[0];
    public ushort U16(string what = "a 2-byte integer") => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
    public uint U32(string what = "a 4-byte integer") => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
    public ulong U64(string what = "an 8-byte integer") => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
    public ReadOnlySpan<byte> Bytes(int n, string what = "bytes") => Take(n, what);
    public void Skip(int n, string what = "filler") => Take(n, what);
    public ReadOnlySpan<byte> Rest() => Take(Remaining, "rest");

    public ulong LenEncInt(string what = "a length-encoded integer")
    {
        byte b = Byte(what);
        return b switch
        {
            < 251 => b,
            0xFC => U16(what),
            0xFD => (ulong)Take(3, what)[0] | ((ulong)_data[_pos - 2] << 8) | ((ulong)_data[_pos - 1] << 16),
            0xFE => U64(what),
            _ => throw new ProtocolException($"invalid length-encoded integer prefix 0x{b:X2} in {what}"),
        };
    }

    public ReadOnlySpan<byte> LenEncBytes(string what = "a length-encoded string")
    {
        ulong n = LenEncInt(what);
        if (n > (ulong)Remaining) throw new ProtocolException($"{what} of {n} bytes exceeds the packet");
        return Take((int)n, what);
    }

    public string LenEncString(string what = "a length-encoded string") => Encoding.UTF8.GetString(LenEncBytes(what));

    public string NulString(string what = "a NUL-terminated string")
    {
        int end = _data[_pos..].IndexOf((byte)0);
        if (end < 0) throw new ProtocolException($"{what} is not NUL-terminated");
        var s = Encoding.UTF8.GetString(_data.Slice(_pos, end));
        _pos += end + 1;
        return s;
    }

    /// <summary>A NUL-terminated string, or the rest of the packet when it ends without the NUL (clients differ).</summary>
    public string NulOrEndString()
    {
        int end = _data[_pos..].IndexOf((byte)0);
        if (end < 0) return Encoding.UTF8.GetString(Rest());
        return NulString();
    }
}
