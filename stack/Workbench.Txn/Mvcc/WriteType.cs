namespace Workbench.Txn.Mvcc;

/// <summary>Write-record kinds and their flag bytes in TiKV's write record.</summary>
public enum WriteType : byte
{
    Put = (byte)'P',
    Delete = (byte)'D',
    Lock = (byte)'L',
    Rollback = (byte)'R',
}
