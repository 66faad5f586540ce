namespace Workbench.Sql.Transactions;

/// <summary>
/// The narrow transaction interface the executor runs on (a Percolator transaction's surface as
/// TiDB's executor sees it): reads at the transaction's start snapshot that also see its own
/// buffered writes, buffered puts/deletes, commit (may throw <see cref="WriteConflictException"/>)
/// and rollback. One thread at a time.
/// </summary>
public interface ISqlTransaction : IDisposable
{
    /// <summary>Start timestamp (or version) of the snapshot the transaction reads.</summary>
    long StartTs { get; }

    /// <summary>The value of <paramref name="key"/> as this transaction sees it (its own buffered write first); null when absent.</summary>
    byte[]? Get(byte[] key);

    /// <summary>
    /// The values of <paramref name="keys"/> as this transaction sees them, in the order given (null
    /// when absent): one read per region rather than one per key (TiDB's BatchGet, used by its
    /// IndexLookUp). The keys must be distinct.
    /// </summary>
    byte[]?[] BatchGet(IReadOnlyList<byte[]> keys);

    /// <summary>Pairs in [start, end) in key order, at most <paramref name="limit"/> (own writes merged in).</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] start, byte[] end, int limit = int.MaxValue);

    /// <summary>Buffers a put of <paramref name="key"/> → <paramref name="value"/> until commit.</summary>
    void Put(byte[] key, byte[] value);

    /// <summary>Buffers a delete of <paramref name="key"/> until commit.</summary>
    void Delete(byte[] key);

    /// <summary>Takes part in write-conflict detection for <paramref name="key"/> without changing it (Percolator's Lock mutation, as SELECT … FOR UPDATE).</summary>
    void LockKey(byte[] key);

    /// <summary>Makes the writes durable and visible atomically; a concurrent committed write to one of the keys since <see cref="StartTs"/> is a <see cref="WriteConflictException"/> (and nothing is written).</summary>
    void Commit();

    /// <summary>Discards the buffered writes; the transaction ends without effect.</summary>
    void Rollback();

    /// <summary>True when the transaction has buffered writes.</summary>
    bool HasWrites { get; }
}
