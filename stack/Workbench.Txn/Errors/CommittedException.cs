namespace Workbench.Txn.Errors;

/// <summary>Committed: a rollback was asked of a transaction that has already committed (TiKV's <c>ErrorInner::Committed</c>).</summary>
public sealed class CommittedException : TxnException
{
    public CommittedException(ulong startTs, ulong commitTs, byte[] key)
        : base($"Committed: txn {startTs} already committed at {commitTs}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
    }

    public ulong StartTs { get; }
    public ulong CommitTs { get; }
    public byte[] Key { get; }
}
