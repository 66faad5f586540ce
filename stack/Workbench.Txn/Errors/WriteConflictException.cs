namespace Workbench.Txn.Errors;

/// <summary>
/// WriteConflict: a write newer than the transaction's start_ts exists on <see cref="Key"/>, or the
/// transaction was already rolled back there (<see cref="ConflictCommitTs"/> = its own start_ts).
/// The caller decides whether to start a new transaction; nothing retries it blindly.
/// </summary>
public sealed class WriteConflictException : TxnException
{
    public WriteConflictException(ulong startTs, ulong conflictStartTs, ulong conflictCommitTs, byte[] key, byte[] primary)
        : base($"WriteConflict: txn {startTs} conflicts with txn {conflictStartTs} committed at {conflictCommitTs}")
    {
        StartTs = startTs;
        ConflictStartTs = conflictStartTs;
        ConflictCommitTs = conflictCommitTs;
        Key = key;
        Primary = primary;
    }

    public ulong StartTs { get; }
    public ulong ConflictStartTs { get; }
    public ulong ConflictCommitTs { get; }
    public byte[] Key { get; }
    public byte[] Primary { get; }
}
