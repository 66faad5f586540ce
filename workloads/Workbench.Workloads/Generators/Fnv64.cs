namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's <c>Utils.fnvhash64</c>: FNV-1a 64 over the 8 bytes of the value, low byte first, then
/// <c>Math.abs</c>. Kept bit-for-bit (including abs(long.MinValue) staying negative, as in Java)
/// so key names and scrambled-zipfian picks match YCSB's.
/// </summary>
public static class Fnv64
{
    /// <summary>FNV-1 64-bit offset basis.</summary>
    public const ulong OffsetBasis = 0xCBF29CE484222325UL;
    /// <summary>FNV 64-bit prime.</summary>
    public const ulong Prime = 1099511628211UL;

    /// <summary>YCSB's fnvhash64 of <paramref name="value"/>: non-negative except for the one hash equal to long.MinValue.</summary>
    public static long Hash(long value)
    {
        var hash = OffsetBasis;
        for (var i = 0; i < 8; i++)
        {
            var octet = (ulong)(value & 0xff);
            value >>= 8;
            hash ^= octet;
            hash = unchecked(hash * Prime);
        }
        var signed = unchecked((long)hash);
        // Java's Math.abs(Long.MIN_VALUE) == Long.MIN_VALUE; C#'s Math.Abs would throw.
        return signed == long.MinValue ? signed : Math.Abs(signed);
    }
}
