using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Sql.Transactions;

/// <summary>Builds the stores the SQL layer runs on, single node: Percolator over LocalKvStore (the real path), or engine-local snapshot isolation (to measure Percolator's cost by difference).</summary>
public static class SqlStores
{
    /// <summary>Percolator on one engine: the engine's files under DIR/engine, the TSO's high-water mark under DIR/pd.</summary>
    public static ISqlStore OpenPercolator(EngineRegistry registry, EngineConfig engine, string directory, IFileSystem fileSystem, TxnClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry); ArgumentNullException.ThrowIfNull(engine); ArgumentNullException.ThrowIfNull(fileSystem);
        var store = LocalKvStore.Open(registry, engine, Path.Combine(directory, "engine"), fileSystem);
        try
        {
            var tso = new BatchingTimestampSource(new TimestampOracle(SystemPhysicalClock.Instance, new FileTsoStore(fileSystem, Path.Combine(directory, "pd"))));
            var client = new TxnClient(new TxnStorage(store), tso, options ?? new TxnClientOptions());
            return new PercolatorSqlStore(client, $"engine {store.Engine.Name}, single node, Percolator transactions (txn client over LocalKvStore)", store.Engine, [store]);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Percolator over an engine already open with the txn column families (tests), TSO state in memory.</summary>
    public static ISqlStore Percolator(IKvEngine engine, TxnClientOptions? options = null)
    {
        var store = new LocalKvStore(engine);
        var tso = new BatchingTimestampSource(new TimestampOracle(SystemPhysicalClock.Instance, new MemoryTsoStore()));
        var client = new TxnClient(new TxnStorage(store), tso, options ?? new TxnClientOptions());
        return new PercolatorSqlStore(client, $"engine {engine.Name}, single node, Percolator transactions", engine, [engine]);
    }

    /// <summary>Engine-local snapshot isolation on the engine's default CF (no Percolator records): the SQL layer without the txn layer's cost.</summary>
    public static ISqlStore OpenEngineLocal(EngineRegistry registry, EngineConfig engine, string directory, IFileSystem fileSystem, bool syncCommits)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var e = registry.Open(engine, Path.Combine(directory, "engine"), fileSystem, [ColumnFamilyDescriptor.Default]);
        return new EngineSqlStore(e, ownsEngine: true, syncCommits);
    }
}
