using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using TxnWriteConflict = Workbench.Txn.Errors.WriteConflictException;

namespace Workbench.Sql.Transactions;

/// <summary>
/// The SQL layer's transactions as Percolator transactions of the txn client (TiDB's optimistic
/// mode over TiKV): reads at start_ts with lock resolution, buffered mutations, 1PC / async commit /
/// 2PC at COMMIT. Errors are mapped for the SQL layer: WriteConflict, TxnAborted and a lock that
/// could not be resolved in the backoff budget become <see cref="WriteConflictException"/> (MySQL
/// 1213, the transaction is gone); AlreadyExist is 1062; an unknown commit outcome is 1105 naming it.
/// </summary>
public sealed class PercolatorSqlStore(TxnClient client, string description, Workbench.Storage.Contract.IKvEngine? engine, IEnumerable<IDisposable>? owned = null) : ISqlStore
{
    private readonly List<IDisposable> _owned = owned is null ? [] : [.. owned];

    /// <summary>The txn client every SQL transaction begins on.</summary>
    public TxnClient Client { get; } = client ?? throw new ArgumentNullException(nameof(client));
    /// <inheritdoc/>
    public string Description { get; } = description;
    /// <inheritdoc/>
    public Workbench.Storage.Contract.IKvEngine? Engine { get; } = engine;

    /// <inheritdoc/>
    public ISqlTransaction Begin() => new PercolatorTransaction(Map(() => Client.Begin()));

    /// <summary>Waits up to 10 s for background commits, disposes the client, then every owned resource in order.</summary>
    public void Dispose()
    {
        Client.WaitForBackgroundWork(TimeSpan.FromSeconds(10));
        Client.Dispose();
        foreach (var d in _owned) d.Dispose();
    }

    internal static T Map<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (TxnWriteConflict e) { throw new WriteConflictException("write conflict: " + e.Message, e); }
        catch (TxnAbortedException e) { throw new WriteConflictException("transaction aborted: " + e.Message, e); }
        catch (KeyIsLockedException e) { throw new WriteConflictException("lock not resolved within the backoff budget: " + e.Message, e); }
        catch (AlreadyExistException e) { throw new SqlException(1062, "23000", "Duplicate entry (key already exists at commit): " + e.Message); }
        catch (CommitUnknownException e) { throw new SqlException(1105, "HY000", "commit outcome unknown (the primary's commit did not answer): " + e.Message); }
        catch (TxnException e) { throw new SqlException(1105, "HY000", "transaction error: " + e.Message); }
    }

    private sealed class PercolatorTransaction(Transaction txn) : ISqlTransaction
    {
        private const int ScanPage = 256;

        public long StartTs => (long)txn.StartTs;
        public bool HasWrites => txn.MutationCount > 0;

        public byte[]? Get(byte[] key) => Map(() => txn.Get(key));

        public byte[]?[] BatchGet(IReadOnlyList<byte[]> keys)
        {
            var result = new byte[]?[keys.Count];
            if (keys.Count == 0) return result;
            var pairs = Map(() => txn.BatchGet(keys));
            // The txn layer answers in region order and leaves absent keys out: put them back in the caller's order.
            var byKey = new Dictionary<byte[], byte[]>(pairs.Count, ByteArrayEquality.Instance);
            foreach (var kv in pairs) byKey[kv.Key] = kv.Value;
            for (var i = 0; i < keys.Count; i++) result[i] = byKey.GetValueOrDefault(keys[i]);
            return result;
        }

        public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] start, byte[] end, int limit = int.MaxValue)
        {
            var cursor = start;
            int produced = 0;
            while (produced < limit)
            {
                int want = Math.Min(ScanPage, limit - produced);
                var page = Map(() => txn.Scan(cursor, end, want));
                foreach (var kv in page)
                {
                    produced++;
                    yield return new KeyValuePair<byte[], byte[]>(kv.Key, kv.Value);
                }
                if (page.Count < want) yield break;
                // The next page starts just after the last key: key + 0x00 is its immediate successor.
                cursor = [.. page[^1].Key, 0];
            }
        }

        public void Put(byte[] key, byte[] value) => txn.Set(key, value);
        public void Delete(byte[] key) => txn.Delete(key);
        public void LockKey(byte[] key) => txn.LockKey(key);

        public void Commit() => Map(() => { txn.Commit(); return true; });

        public void Rollback() => txn.Rollback();

        public void Dispose() => txn.Dispose();
    }
}
