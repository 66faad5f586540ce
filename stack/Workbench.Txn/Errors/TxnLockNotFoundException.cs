namespace Workbench.Txn.Errors;

/// <summary>TxnLockNotFound: commit found neither the transaction's lock nor its commit record (it was rolled back by another).</summary>
public sealed class TxnLockNotFoundException : TxnException
{
    public TxnLockNotFoundException(ulong startTs, ulong commitTs, byte[] key)
        : base($"TxnLockNotFound: txn {startTs} committing at {commitTs} has no lock on key {Convert.ToHexString(key)}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
    }

    public ulong StartTs { get; }
    public ulong CommitTs { get; }
    public byte[] Key { get; }
}
