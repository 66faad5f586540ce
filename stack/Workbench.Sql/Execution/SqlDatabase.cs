using System.Collections.Concurrent;
using System.Diagnostics;
using Workbench.Sql.Catalog;
using Workbench.Sql.Transactions;

namespace Workbench.Sql.Execution;

/// <summary>
/// The SQL server's shared state over one store: the catalog, the auto-id allocators, counters.
/// Sessions are created per connection and run statements through an <see cref="Executor"/>.
/// Thread-safe.
/// </summary>
public sealed class SqlDatabase : IDisposable
{
    /// <summary>Announced as an 8.0 server (MySqlConnector needs ≥ 5.7.3 for COM_RESET_CONNECTION).</summary>
    public const string ServerVersion = "8.0.11-Workbench";

    private readonly ConcurrentDictionary<long, AutoIdAllocator> _allocators = new();
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private long _connections;
    private long _questions;
    private int _open;

    /// <summary>The SQL server's state over <paramref name="store"/> (loading the catalog from it); <paramref name="ownsStore"/>: dispose the store with the database.</summary>
    public SqlDatabase(ISqlStore store, bool ownsStore = true)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        OwnsStore = ownsStore;
        Catalog = new SchemaCatalog(store);
        Catalog.DdlTransactions = BeginTransaction;
    }

    /// <summary>The transactional key space rows, indexes and the catalog live in.</summary>
    public ISqlStore Store { get; }
    private bool OwnsStore { get; }
    internal SchemaCatalog Catalog { get; }
    /// <summary>Statements received since start (MySQL's Questions status variable).</summary>
    public long Questions => Interlocked.Read(ref _questions);
    /// <summary>Client sessions open now (Threads_connected).</summary>
    public int OpenSessions => Volatile.Read(ref _open);
    /// <summary>Seconds since the database was created (Uptime).</summary>
    public long UptimeSeconds => (long)_uptime.Elapsed.TotalSeconds;

    /// <summary>Bytes of the rows and index entries committed statements handed to the store (DESIGN.md §5.5, layer sql).</summary>
    public SqlWriteStats WriteStats { get; } = new();

    /// <summary>A transaction of the store whose row and index mutations are counted in <see cref="WriteStats"/> when it commits.</summary>
    public ISqlTransaction BeginTransaction() => new CountingTransaction(Store.Begin(), WriteStats);

    internal Session OpenSession(string user, string? database)
    {
        Interlocked.Increment(ref _open);
        return new Session(this, Interlocked.Increment(ref _connections), user) { CurrentDatabase = database };
    }

    internal void CloseSession(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Transaction?.Rollback();
        session.Transaction = null;
        Interlocked.Decrement(ref _open);
    }

    internal void CountQuestion() => Interlocked.Increment(ref _questions);

    internal AutoIdAllocator Allocator(TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return _allocators.GetOrAdd(table.Id, _ => new AutoIdAllocator(Store, table));
    }

    /// <summary>Disposes the store when the database owns it.</summary>
    public void Dispose()
    {
        if (OwnsStore) Store.Dispose();
    }
}
