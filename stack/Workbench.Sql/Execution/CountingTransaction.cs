using Workbench.Sql.Transactions;

namespace Workbench.Sql.Execution;

/// <summary>
/// The executor's view of a transaction: passes everything to the store's transaction and counts the
/// row and index mutations it hands down, adding them to <see cref="SqlWriteStats"/> only when the
/// commit succeeds. One thread at a time, like the transaction it wraps.
/// </summary>
internal sealed class CountingTransaction(ISqlTransaction inner, SqlWriteStats stats) : ISqlTransaction
{
    private TransactionWrites _writes;

    public long StartTs => inner.StartTs;
    public bool HasWrites => inner.HasWrites;

    public byte[]? Get(byte[] key) => inner.Get(key);

    public byte[]?[] BatchGet(IReadOnlyList<byte[]> keys) => inner.BatchGet(keys);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] start, byte[] end, int limit = int.MaxValue) => inner.Scan(start, end, limit);

    public void Put(byte[] key, byte[] value)
    {
        inner.Put(key, value);
        _writes.Count(key, value);
    }

    public void Delete(byte[] key)
    {
        inner.Delete(key);
        _writes.Count(key, null);
    }

    public void LockKey(byte[] key) => inner.LockKey(key);

    public void Commit()
    {
        inner.Commit();
        stats.Add(_writes);
        _writes = default;
    }

    public void Rollback()
    {
        _writes = default;
        inner.Rollback();
    }

    public void Dispose() => inner.Dispose();
}
