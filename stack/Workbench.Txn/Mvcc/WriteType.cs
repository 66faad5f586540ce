namespace Workbench.Txn.Mvcc;

/// <summary>Write-record kinds and their flag bytes in TiKV's write record.</summary>
public enum WriteType : byte
{
    /// <summary>A value was written (inline or in CF default).</summary>
    Put = (byte)'P',
    /// <summary>The key was deleted.</summary>
    Delete = (byte)'D',
    /// <summary>A lock-only record: no data change.</summary>
    Lock = (byte)'L',
    /// <summary>The transaction was rolled back at this key.</summary>
    Rollback = (byte)'R',
}
