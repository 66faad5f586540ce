namespace Workbench.Txn.Errors;

/// <summary>KeyIsLocked: another transaction's lock stands on keys the request touches (all of them, so they are resolved together).</summary>
public sealed class KeyIsLockedException : TxnException
{
    /// <summary>Reports every blocking lock in <paramref name="locks"/> (at least one).</summary>
    public KeyIsLockedException(IReadOnlyList<LockInfo> locks)
        : base($"KeyIsLocked: {locks.Count} key(s) locked, first by txn {locks[0].Lock.StartTs}") => Locks = locks;

    /// <summary>The blocking locks, each naming its primary so it can be resolved.</summary>
    public IReadOnlyList<LockInfo> Locks { get; }
}
