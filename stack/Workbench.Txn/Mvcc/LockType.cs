namespace Workbench.Txn.Mvcc;

/// <summary>Lock kinds and their flag bytes in TiKV's lock record. Pessimistic locks are parsed but never written here.</summary>
public enum LockType : byte
{
    Put = (byte)'P',
    Delete = (byte)'D',
    Lock = (byte)'L',
    Pessimistic = (byte)'S',
}
