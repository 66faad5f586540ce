namespace Workbench.Txn.Mvcc;

/// <summary>Lock kinds and their flag bytes in TiKV's lock record. Pessimistic locks are parsed but never written here.</summary>
public enum LockType : byte
{
    /// <summary>A put is being written.</summary>
    Put = (byte)'P',
    /// <summary>A delete is being written.</summary>
    Delete = (byte)'D',
    /// <summary>A lock only (SELECT FOR UPDATE in TiDB); commits as a Lock record.</summary>
    Lock = (byte)'L',
    /// <summary>A pessimistic lock (not written by this layer; parsed for round trips).</summary>
    Pessimistic = (byte)'S',
}
