namespace Workbench.Txn.Storage;

/// <summary>
/// The modifications of one action, applied atomically by <see cref="IKvStore.Write"/> (TiKV's
/// <c>WriteData</c>). A replicated store proposes them as one Raft entry.
/// </summary>
public sealed class WriteData
{
    public WriteData(IReadOnlyList<Modify> modifies, TxnWriteCategory category = TxnWriteCategory.Txn)
    {
        ArgumentNullException.ThrowIfNull(modifies);
        Modifies = modifies;
        Category = category;
    }

    public IReadOnlyList<Modify> Modifies { get; }
    public TxnWriteCategory Category { get; }

    public bool IsEmpty => Modifies.Count == 0;
}
