using System.Globalization;
using System.Text;

namespace Workbench.Sql.Codec;

/// <summary>
/// MySQL/TiDB's binary decimal (MyDecimal.ToBin, MySQL's decimal2bin): the integer and fraction
/// digits in groups of nine, four bytes big-endian per full group and 1–4 bytes for a partial one
/// (the leading integer group and the trailing fraction group); negative numbers have every byte
/// inverted; finally the top bit of the first byte is flipped. Memcomparable for one (precision, frac).
/// </summary>
internal static class DecimalBinary
{
    private static readonly int[] DigitsToBytes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    public static int Size(int precision, int frac)
    {
        int intg = precision - frac;
        return intg / 9 * 4 + DigitsToBytes[intg % 9] + frac / 9 * 4 + DigitsToBytes[frac % 9];
    }

    public static byte[] Encode(decimal value, int precision, int frac)
    {
        if (precision < 1 || precision > 65 || frac < 0 || frac > 30 || frac > precision)
            throw new ArgumentOutOfRangeException(nameof(precision), $"decimal({precision},{frac}) is not a valid type");
        bool negative = value < 0;
        var abs = Math.Round(Math.Abs(value), Math.Min(frac, 28), MidpointRounding.AwayFromZero);
        string s = abs.ToString("F" + Math.Min(frac, 28).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intDigits = dot < 0 ? s : s[..dot];
        string fracDigits = dot < 0 ? "" : s[(dot + 1)..];
        int intg = precision - frac;
        if (intDigits == "0") intDigits = "";
        if (intDigits.Length > intg) throw new OverflowException($"value {value} does not fit decimal({precision},{frac})");
        intDigits = intDigits.PadLeft(intg, '0');
        fracDigits = fracDigits.PadRight(frac, '0')[..frac];

        var bytes = new byte[Size(precision, frac)];
        int pos = 0;
        int lead = intg % 9;
        int d = 0;
        if (lead > 0) { pos = Put(bytes, pos, intDigits.AsSpan(0, lead), DigitsToBytes[lead]); d = lead; }
        for (; d < intg; d += 9) pos = Put(bytes, pos, intDigits.AsSpan(d, 9), 4);
        int f = 0;
        for (; f + 9 <= frac; f += 9) pos = Put(bytes, pos, fracDigits.AsSpan(f, 9), 4);
        if (f < frac) pos = Put(bytes, pos, fracDigits.AsSpan(f), DigitsToBytes[frac - f]);
        if (negative && value != 0)
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)~bytes[i];
        bytes[0] ^= 0x80;
        return bytes;
    }

    public static decimal Decode(ReadOnlySpan<byte> src, int precision, int frac)
    {
        int size = Size(precision, frac);
        if (src.Length < size) throw new FormatException("decimal: truncated");
        Span<byte> b = stackalloc byte[size];
        src[..size].CopyTo(b);
        bool negative = (b[0] & 0x80) == 0;
        b[0] ^= 0x80;
        if (negative) for (int i = 0; i < size; i++) b[i] = (byte)~b[i];
        int intg = precision - frac;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        int pos = 0;
        int lead = intg % 9;
        if (lead > 0) pos = Get(b, pos, DigitsToBytes[lead], lead, sb);
        for (int d = lead; d < intg; d += 9) pos = Get(b, pos, 4, 9, sb);
        if (intg == 0) sb.Append('0');
        if (frac > 0)
        {
            sb.Append('.');
            int f = 0;
            for (; f + 9 <= frac; f += 9) pos = Get(b, pos, 4, 9, sb);
            if (f < frac) Get(b, pos, DigitsToBytes[frac - f], frac - f, sb);
        }
        return decimal.Parse(sb.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int Put(byte[] dst, int pos, ReadOnlySpan<char> digits, int width)
    {
        uint v = uint.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        for (int i = width - 1; i >= 0; i--) { dst[pos + i] = (byte)v; v >>= 8; }
        return pos + width;
    }

    private static int Get(ReadOnlySpan<byte> src, int pos, int width, int digits, StringBuilder sb)
    {
        uint v = 0;
        for (int i = 0; i < width; i++) v = (v << 8) | src[pos + i];
        sb.Append(v.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'));
        return pos + width;
    }
}
