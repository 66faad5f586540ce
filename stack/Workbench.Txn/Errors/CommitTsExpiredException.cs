namespace Workbench.Txn.Errors;

/// <summary>CommitTsExpired: the commit_ts is below the lock's min_commit_ts (a reader pushed it); commit again with a newer ts.</summary>
public sealed class CommitTsExpiredException : TxnException
{
    /// <summary>Commit of <paramref name="key"/> at <paramref name="commitTs"/> for <paramref name="startTs"/> is below the lock's <paramref name="minCommitTs"/>.</summary>
    public CommitTsExpiredException(ulong startTs, ulong commitTs, byte[] key, ulong minCommitTs)
        : base($"CommitTsExpired: txn {startTs} commit_ts {commitTs} < min_commit_ts {minCommitTs}")
    {
        StartTs = startTs;
        CommitTs = commitTs;
        Key = key;
        MinCommitTs = minCommitTs;
    }

    /// <summary>The committing transaction's start_ts.</summary>
    public ulong StartTs { get; }
    /// <summary>The commit_ts that was too low.</summary>
    public ulong CommitTs { get; }
    /// <summary>The key (raw) whose lock refused the commit.</summary>
    public byte[] Key { get; }
    /// <summary>The lock's min_commit_ts: commit again at or above it.</summary>
    public ulong MinCommitTs { get; }
}
