using Workbench.Harness.Sysbench;
using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Sql.Transactions;
using Workbench.Storage;
using Workbench.Txn.Client;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The SQL server a layer-sql cell starts in-process over the cell's engine: the SQL layer on
/// Percolator transactions (<see cref="OpenStore"/>), behind the MySQL protocol on a free loopback
/// port, with users root (no password) and sbtest/sbtest and database sbtest (as sysbench's defaults).
/// Exposes the counters each layer keeps (DESIGN.md §5.5): SQL rows/index bytes, txn bytes by CF,
/// the engine for device and engine-category bytes. Dispose stops the server and closes the store.
/// </summary>
public sealed class SqlCellServer : IDisposable
{
    private readonly Workbench.Sql.Server.SqlServer _server;
    private readonly SqlDatabase _database;
    private readonly CellStore _store;

    private SqlCellServer(CellStore store)
    {
        _store = store;
        _database = new SqlDatabase(store.Sql);
        _server = new Workbench.Sql.Server.SqlServer(_database, new SqlServerOptions
        {
            Port = 0,
            Users = [new SqlUser("root", ""), new SqlUser("sbtest", "sbtest", "sbtest")],
            CreateDatabases = ["sbtest"],
        });
        _server.Start();
    }

    /// <summary>The store under the SQL layer and the counters of the layers below it.</summary>
    public sealed record CellStore(ISqlStore Sql, IKvEngine Engine, TxnWriteStats TxnStats, TxnClient Client);

    /// <summary>
    /// The one seam for "how the server's store is opened": today one engine (CFs default/lock/write)
    /// with the txn client over <see cref="LocalKvStore"/> and a TSO persisted under DIR/pd, as
    /// `workbench sql-server` single node. A replicated in-process cluster replaces only this method.
    /// </summary>
    public static CellStore OpenStore(EngineRegistry registry, EngineConfig engine, string directory, int seed)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var local = LocalKvStore.Open(registry, engine, Path.Combine(directory, "engine"), LocalFileSystem.Instance);
        try
        {
            var service = new TxnStorage(local);
            var tso = new BatchingTimestampSource(new TimestampOracle(SystemPhysicalClock.Instance, new FileTsoStore(LocalFileSystem.Instance, Path.Combine(directory, "pd"))));
            var client = new TxnClient(service, tso, new TxnClientOptions { Seed = seed });
            var sql = new PercolatorSqlStore(client, $"engine {local.Engine.Name}, single node, Percolator transactions (matrix cell)", local.Engine, [local]);
            return new CellStore(sql, local.Engine, service.Stats, client);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    public static SqlCellServer Start(EngineRegistry registry, EngineConfig engine, string directory, int seed) =>
        new(OpenStore(registry, engine, directory, seed));

    public int Port => _server.Port;
    public IKvEngine Engine => _store.Engine;
    public SqlWriteStats SqlStats => _database.WriteStats;
    public TxnWriteStats TxnStats => _store.TxnStats;

    /// <summary>Where sysbench connects (user sbtest).</summary>
    public SysbenchTarget Target => new("127.0.0.1", Port, "sbtest", "sbtest", "sbtest");

    /// <summary>Waits for the txn client's background work (async-commit secondaries, lock cleanup) so the byte counters are final.</summary>
    public void Quiesce() => _store.Client.WaitForBackgroundWork(TimeSpan.FromSeconds(60));

    /// <summary>The bytes each layer has handed down so far (monotonic), for per-phase deltas.</summary>
    public LayerBytes ReadLayerBytes()
    {
        Quiesce();
        return new LayerBytes(SqlStats.RowBytes, SqlStats.IndexBytes, TxnStats.Bytes(Cf.Default), TxnStats.Bytes(Cf.Lock), TxnStats.Bytes(Cf.Write));
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
    }
}
