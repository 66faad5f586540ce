namespace Workbench.Txn.Errors;

/// <summary>Committed: a rollback was asked of a transaction that has already committed (TiKV's <c>ErrorInner::Committed</c>).</summary>
public sealed class CommittedException : TxnException
{
    /// <summary>Rollback of <paramref name="key"/> for <paramref name="startTs"/> refused: it is committed at <paramref name="commitTs"/>.</summary>
    public CommittedException(ulong startTs, ulong commitTs, byte[] key)
        : base($"Committed: txn {startTs} already committed at {commitTs}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
    }

    /// <summary>The committed transaction's start_ts.</summary>
    public ulong StartTs { get; }
    /// <summary>Its commit_ts.</summary>
    public ulong CommitTs { get; }
    /// <summary>The key (raw) found committed.</summary>
    public byte[] Key { get; }
}
