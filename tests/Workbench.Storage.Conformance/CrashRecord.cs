using System.Buffers.Binary;

namespace Workbench.Storage.Conformance;

/// <summary>The keys and values a kill -9 crash child writes; the test recomputes them to verify.</summary>
public static class CrashRecord
{
    public static readonly byte[] LastKey = "last"u8.ToArray();

    /// <summary>"n" + 8-byte big-endian batch number, so keys sort by number.</summary>
    public static byte[] Key(long n)
    {
        var k = new byte[9];
        k[0] = (byte)'n';
        BinaryPrimitives.WriteInt64BigEndian(k.AsSpan(1), n);
        return k;
    }

    public static long NumberOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadInt64BigEndian(key[1..]);

    /// <summary>A value derived from the batch number, so a wrong or torn value is detected.</summary>
    public static byte[] Value(long n, int size)
    {
        var v = new byte[size];
        var x = (ulong)n * 0x9E3779B97F4A7C15UL + 1;
        for (var i = 0; i < v.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v[i] = (byte)x;
        }
        return v;
    }
}
