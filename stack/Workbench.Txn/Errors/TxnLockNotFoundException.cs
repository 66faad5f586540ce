namespace Workbench.Txn.Errors;

/// <summary>TxnLockNotFound: commit found neither the transaction's lock nor its commit record (it was rolled back by another).</summary>
public sealed class TxnLockNotFoundException : TxnException
{
    /// <summary>Commit of <paramref name="key"/> for <paramref name="startTs"/> at <paramref name="commitTs"/> found neither lock nor commit record.</summary>
    public TxnLockNotFoundException(ulong startTs, ulong commitTs, byte[] key)
        : base($"TxnLockNotFound: txn {startTs} committing at {commitTs} has no lock on key {Convert.ToHexString(key)}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
    }

    /// <summary>The committing transaction's start_ts.</summary>
    public ulong StartTs { get; }
    /// <summary>The commit_ts it asked for.</summary>
    public ulong CommitTs { get; }
    /// <summary>The key (raw) without lock.</summary>
    public byte[] Key { get; }
}
