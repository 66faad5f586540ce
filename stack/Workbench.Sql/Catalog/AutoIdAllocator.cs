using Workbench.Sql.Transactions;

namespace Workbench.Sql.Catalog;

/// <summary>
/// Auto-increment ids and hidden row handles for one table, handed out from a batch reserved by
/// its own small transaction that moves the persisted base (`TID:{id}` in the database's meta hash)
/// forward by <see cref="Step"/> — TiDB's allocator: ids are unique and increasing per server, not
/// consecutive across restarts. An explicit larger value rebases the allocator. Thread-safe.
/// </summary>
internal sealed class AutoIdAllocator
{
    public const long Step = 5000;
    private readonly ISqlStore _store;
    private readonly byte[] _key;
    private readonly Lock _lock = new();
    private long _next = 1;
    private long _end; // exclusive end of the reserved batch

    public AutoIdAllocator(ISqlStore store, TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _key = MetaKeys.HashField(MetaKeys.DatabaseField(table.DatabaseId), MetaKeys.AutoIdField(table.Id));
    }

    public long Next()
    {
        lock (_lock)
        {
            if (_next >= _end) Reserve(_next);
            return _next++;
        }
    }

    /// <summary>After an explicit value <paramref name="used"/>, later ids must be larger.</summary>
    public void Rebase(long used)
    {
        lock (_lock)
        {
            if (used < _next) return;
            _next = used + 1;
            if (_next >= _end) Reserve(_next);
        }
    }

    /// <summary>Reserves [max(base+1, from), … + Step) by moving the persisted base, retrying on conflicts.</summary>
    private void Reserve(long from)
    {
        for (int attempt = 0; ; attempt++)
        {
            var txn = _store.Begin();
            try
            {
                long persisted = SchemaCatalog.ReadLong(txn, _key);
                long start = Math.Max(persisted + 1, from);
                long end = start + Step;
                SchemaCatalog.WriteLong(txn, _key, end - 1);
                txn.Commit();
                _next = start;
                _end = end;
                return;
            }
            catch (WriteConflictException) when (attempt < 50)
            {
                txn.Rollback();
            }
        }
    }
}
