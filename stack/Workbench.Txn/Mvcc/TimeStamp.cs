namespace Workbench.Txn.Mvcc;

/// <summary>
/// TSO timestamps as PD composes them: <c>(physical_ms &lt;&lt; 18) + logical</c>, carried as
/// <see cref="ulong"/> everywhere (TiKV's <c>TimeStamp</c>). Zero means "none".
/// </summary>
public static class TimeStamp
{
    /// <summary>Bits of the logical part.</summary>
    public const int LogicalBits = 18;
    /// <summary>Largest logical part (2^18 − 1).</summary>
    public const ulong MaxLogical = (1UL << LogicalBits) - 1;
    /// <summary>"No timestamp".</summary>
    public const ulong Zero = 0;
    /// <summary>"Read the latest": above every real timestamp.</summary>
    public const ulong Max = ulong.MaxValue;

    /// <summary>The timestamp of <paramref name="physicalMs"/> and <paramref name="logical"/> (≤ MaxLogical).</summary>
    public static ulong Compose(long physicalMs, ulong logical)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(physicalMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logical, MaxLogical);
        return ((ulong)physicalMs << LogicalBits) + logical;
    }

    /// <summary>The physical part (milliseconds since the Unix epoch) of <paramref name="ts"/>.</summary>
    public static long Physical(ulong ts) => (long)(ts >> LogicalBits);

    /// <summary>The logical part of <paramref name="ts"/>.</summary>
    public static ulong Logical(ulong ts) => ts & MaxLogical;
}
