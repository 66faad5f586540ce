namespace Workbench.Txn.Errors;

/// <summary>
/// WriteConflict: a write newer than the transaction's start_ts exists on <see cref="Key"/>, or the
/// transaction was already rolled back there (<see cref="ConflictCommitTs"/> = its own start_ts).
/// The caller decides whether to start a new transaction; nothing retries it blindly.
/// </summary>
public sealed class WriteConflictException : TxnException
{
    /// <summary>Transaction <paramref name="startTs"/> lost on <paramref name="key"/> to the transaction that started at <paramref name="conflictStartTs"/> and committed at <paramref name="conflictCommitTs"/>.</summary>
    public WriteConflictException(ulong startTs, ulong conflictStartTs, ulong conflictCommitTs, byte[] key, byte[] primary)
        : base($"WriteConflict: txn {startTs} conflicts with txn {conflictStartTs} committed at {conflictCommitTs}")
    {
        StartTs = startTs;
        ConflictStartTs = conflictStartTs;
        ConflictCommitTs = conflictCommitTs;
        Key = key;
        Primary = primary;
    }

    /// <summary>The losing transaction's start_ts.</summary>
    public ulong StartTs { get; }
    /// <summary>The winning transaction's start_ts.</summary>
    public ulong ConflictStartTs { get; }
    /// <summary>The winning transaction's commit_ts (0 when the conflict is a rollback record).</summary>
    public ulong ConflictCommitTs { get; }
    /// <summary>The key (raw) of the conflict.</summary>
    public byte[] Key { get; }
    /// <summary>The losing transaction's primary key.</summary>
    public byte[] Primary { get; }
}
