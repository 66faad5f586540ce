using Workbench.Txn.Storage;

namespace Workbench.Txn.Service;

/// <summary>
/// Bytes (key + value) and operations the transaction layer handed to its store, by category and
/// CF (DESIGN.md §5.5: what the txn layer multiplies). Deletes count their key bytes. Thread-safe.
/// </summary>
public sealed class TxnWriteStats
{
    private const int Categories = 2;
    private readonly long[] _bytes = new long[Categories * CfNames.Count];
    private readonly long[] _ops = new long[Categories * CfNames.Count];
    private long _writes;

    /// <summary>Counts the modifications of <paramref name="data"/> under its category.</summary>
    public void Add(WriteData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.IsEmpty) return;
        Interlocked.Increment(ref _writes);
        var c = (int)data.Category * CfNames.Count;
        foreach (var m in data.Modifies)
        {
            Interlocked.Add(ref _bytes[c + (int)m.Cf], m.Bytes);
            Interlocked.Increment(ref _ops[c + (int)m.Cf]);
        }
    }

    /// <summary>Bytes written to <paramref name="cf"/> under <paramref name="category"/>.</summary>
    public long Bytes(TxnWriteCategory category, Cf cf) => Interlocked.Read(ref _bytes[(int)category * CfNames.Count + (int)cf]);

    /// <summary>Modifications written to <paramref name="cf"/> under <paramref name="category"/>.</summary>
    public long Operations(TxnWriteCategory category, Cf cf) => Interlocked.Read(ref _ops[(int)category * CfNames.Count + (int)cf]);

    /// <summary>Bytes written to <paramref name="cf"/>, transactions and GC together.</summary>
    public long Bytes(Cf cf) => Bytes(TxnWriteCategory.Txn, cf) + Bytes(TxnWriteCategory.MvccGc, cf);

    /// <summary>Bytes written under <paramref name="category"/>, all CFs together.</summary>
    public long Bytes(TxnWriteCategory category) => Bytes(category, Cf.Default) + Bytes(category, Cf.Lock) + Bytes(category, Cf.Write);

    /// <summary>Every byte the layer handed to its store.</summary>
    public long TotalBytes => Bytes(TxnWriteCategory.Txn) + Bytes(TxnWriteCategory.MvccGc);

    /// <summary>Atomic writes (one per action that changed something).</summary>
    public long Writes => Interlocked.Read(ref _writes);
}
