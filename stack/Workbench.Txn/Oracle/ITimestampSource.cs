namespace Workbench.Txn.Oracle;

/// <summary>What a transaction client asks for: one fresh timestamp, greater than any obtained before the call started.</summary>
public interface ITimestampSource
{
    /// <summary>A timestamp greater than every one returned before it.</summary>
    ulong GetTimestamp();
}
