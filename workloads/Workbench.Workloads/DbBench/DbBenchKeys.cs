using System.Buffers.Binary;

namespace Workbench.Workloads.DbBench;

/// <summary>
/// db_bench's key layout (GenerateKeyFromInt): the key number big-endian in the first
/// min(key size, 8) bytes, then '0' padding — so numeric order is key order. Stateless.
/// </summary>
public static class DbBenchKeys
{
    /// <summary>Writes key number <paramref name="number"/> into <paramref name="key"/> (its whole length).</summary>
    public static void Write(long number, Span<byte> key)
    {
        var fill = Math.Min(key.Length, 8);
        Span<byte> be = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(be, (ulong)number);
        be[(8 - fill)..].CopyTo(key);
        key[fill..].Fill((byte)'0');
    }
}
