namespace Workbench.Txn.Oracle;

/// <summary>
/// PD's Tso service: one call allocates <c>count</c> consecutive timestamps and returns the
/// <b>last</b> of them (pdpb's convention); the caller owns <c>last - count + 1 … last</c>.
/// Every timestamp ever returned is greater than every one returned before, across threads and restarts.
/// </summary>
public interface ITimestampOracle
{
    /// <summary>Allocates <paramref name="count"/> (≥ 1) consecutive timestamps and returns the last.</summary>
    ulong GetTimestamps(int count);
}
