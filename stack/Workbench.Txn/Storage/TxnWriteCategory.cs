namespace Workbench.Txn.Storage;

/// <summary>Why the transaction layer wrote (DESIGN.md §5.5): transactions' own records, or MVCC GC removing old versions.</summary>
public enum TxnWriteCategory
{
    /// <summary>Prewrite, commit, rollback, lock resolution.</summary>
    Txn = 0,

    /// <summary>MVCC garbage collection ("mvcc_gc").</summary>
    MvccGc = 1,
}
