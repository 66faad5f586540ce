using System.Buffers.Binary;
using System.Numerics;

namespace Workbench.Storage.Encoding;

/// <summary>
/// CRC-32C (Castagnoli), hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// where the CPU has it; plus LevelDB's masking so a CRC stored next to data that is itself CRC'd
/// stays well distributed. Stateless and thread-safe.
/// </summary>
public static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8u;

    /// <summary>CRC-32C of <paramref name="data"/> (unmasked).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>Continues a CRC over more bytes: Extend(Compute(a), b) == Compute(a ‖ b).</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        while (data.Length >= 8)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) c = BitOperations.Crc32C(c, b);
        return ~c;
    }

    /// <summary>LevelDB's mask: rotate right by 15 and add a constant, applied before a CRC is stored.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Inverse of <see cref="Mask"/>, applied to a stored CRC before comparing.</summary>
    public static uint Unmask(uint masked)
    {
        var rot = masked - MaskDelta;
        return (rot >> 17) | (rot << 15);
    }
}
