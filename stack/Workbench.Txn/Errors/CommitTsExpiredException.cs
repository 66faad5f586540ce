namespace Workbench.Txn.Errors;

/// <summary>CommitTsExpired: the commit_ts is below the lock's min_commit_ts (a reader pushed it); commit again with a newer ts.</summary>
public sealed class CommitTsExpiredException : TxnException
{
    public CommitTsExpiredException(ulong startTs, ulong commitTs, byte[] key, ulong minCommitTs)
        : base($"CommitTsExpired: txn {startTs} commit_ts {commitTs} < min_commit_ts {minCommitTs}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
        MinCommitTs = minCommitTs;
    }

    public ulong StartTs { get; }
    public ulong CommitTs { get; }
    public byte[] Key { get; }
    public ulong MinCommitTs { get; }
}
