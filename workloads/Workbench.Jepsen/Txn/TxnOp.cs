using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Client;

namespace Workbench.Jepsen.Txn;

/// <summary>One transaction as a workload sees it: reads go to the transaction; writes are also remembered, so the broken blind-retry client can replay them. Belongs to one thread.</summary>
internal sealed class TxnOp(Transaction txn)
{
    public Transaction Txn { get; } = txn;

    public List<(byte[] Key, byte[] Value, bool Insert)> Writes { get; } = [];

    public byte[]? Get(byte[] key) => Txn.Get(key);

    public IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys) => Txn.BatchGet(keys);

    public IReadOnlyList<KvPair> Scan(byte[] start, byte[]? end, int limit) => Txn.Scan(start, end, limit);

    public void Set(byte[] key, byte[] value)
    {
        Txn.Set(key, value);
        Writes.Add((key, value, false));
    }

    public void Insert(byte[] key, byte[] value)
    {
        Txn.Insert(key, value);
        Writes.Add((key, value, true));
    }
}
