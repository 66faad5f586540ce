using System.Buffers.Binary;
using System.Text;

namespace Workbench.Sql.Protocol;

/// <summary>Builds one packet payload: fixed little-endian integers, length-encoded integers and strings, NUL-terminated strings.</summary>
internal sealed class PayloadWriter
{
    private byte[] _buf = new byte[256];
    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buf.AsSpan(0, Length);

    public void Reset() => Length = 0;

    private Span<byte> Grow(int n)
    {
        if (Length + n > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Length + n));
        var s = _buf.AsSpan(Length, n);
        Length += n;
        return s;
    }

    public PayloadWriter Byte(byte b) { Grow(1)[0] = b; return this; }
    public PayloadWriter U16(ushort v) { BinaryPrimitives.WriteUInt16LittleEndian(Grow(2), v); return this; }
    public PayloadWriter U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(Grow(4), v); return this; }
    public PayloadWriter U64(ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(Grow(8), v); return this; }
    public PayloadWriter Bytes(ReadOnlySpan<byte> b) { b.CopyTo(Grow(b.Length)); return this; }
    public PayloadWriter Zeros(int n) { Grow(n).Clear(); return this; }

    public PayloadWriter LenEncInt(ulong v)
    {
        if (v < 251) return Byte((byte)v);
        if (v < 1 << 16) { Byte(0xFC); return U16((ushort)v); }
        if (v < 1 << 24) { Byte(0xFD); var s = Grow(3); s[0] = (byte)v; s[1] = (byte)(v >> 8); s[2] = (byte)(v >> 16); return this; }
        Byte(0xFE); return U64(v);
    }

    public PayloadWriter LenEncBytes(ReadOnlySpan<byte> b) { LenEncInt((ulong)b.Length); return Bytes(b); }

    public PayloadWriter LenEncString(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        LenEncInt((ulong)n);
        Encoding.UTF8.GetBytes(s, Grow(n));
        return this;
    }

    public PayloadWriter NulString(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        Encoding.UTF8.GetBytes(s, Grow(n));
        return Byte(0);
    }

    public PayloadWriter RawString(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        Encoding.UTF8.GetBytes(s, Grow(n));
        return this;
    }
}
