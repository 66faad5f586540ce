using System.Buffers.Binary;

namespace Workbench.Storage.Conformance;

/// <summary>Key/value builders shared by the conformance tests.</summary>
public static class TestKeys
{
    public static byte[] K(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    public static byte[] K(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D8}");

    public static byte[] BigEndian(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return b;
    }

    public static string Show(ReadOnlySpan<byte> b) => b.Length <= 40 ? Convert.ToHexString(b) : Convert.ToHexString(b[..40]) + $"…({b.Length} bytes)";

    /// <summary>Random bytes of a length drawn from [min, max].</summary>
    public static byte[] RandomBytes(Random rng, int min, int max)
    {
        var b = new byte[rng.Next(min, max + 1)];
        rng.NextBytes(b);
        return b;
    }
}
