namespace Workbench.Txn.Mvcc;

/// <summary>
/// TSO timestamps as PD composes them: <c>(physical_ms &lt;&lt; 18) + logical</c>, carried as
/// <see cref="ulong"/> everywhere (TiKV's <c>TimeStamp</c>). Zero means "none".
/// </summary>
public static class TimeStamp
{
    public const int LogicalBits = 18;
    public const ulong MaxLogical = (1UL << LogicalBits) - 1;
    public const ulong Zero = 0;
    public const ulong Max = ulong.MaxValue;

    public static ulong Compose(long physicalMs, ulong logical)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(physicalMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logical, MaxLogical);
        return ((ulong)physicalMs << LogicalBits) + logical;
    }

    public static long Physical(ulong ts) => (long)(ts >> LogicalBits);

    public static ulong Logical(ulong ts) => ts & MaxLogical;
}
