namespace Workbench.Txn.Storage;

/// <summary>
/// The modifications of one action, applied atomically by <see cref="IKvStore.Write"/> (TiKV's
/// <c>WriteData</c>). A replicated store proposes them as one Raft entry.
/// </summary>
public sealed class WriteData
{
    /// <summary>The modifications to apply atomically, counted under <paramref name="category"/>.</summary>
    public WriteData(IReadOnlyList<Modify> modifies, TxnWriteCategory category = TxnWriteCategory.Txn)
    {
        ArgumentNullException.ThrowIfNull(modifies);
        Modifies = modifies;
        Category = category;
    }

    /// <summary>The changes, in order.</summary>
    public IReadOnlyList<Modify> Modifies { get; }
    /// <summary>Why they are written (transaction or MVCC GC), for the txn layer's byte counts.</summary>
    public TxnWriteCategory Category { get; }

    /// <summary>Nothing to write.</summary>
    public bool IsEmpty => Modifies.Count == 0;
}
