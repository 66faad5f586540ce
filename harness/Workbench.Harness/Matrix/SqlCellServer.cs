using System.Globalization;
using System.Text;
using Workbench.Cluster.Topology;
using Workbench.Harness.ClusterLayers;
using Workbench.Harness.Matrix.Attribution;
using Workbench.Harness.Sysbench;
using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Sql.Transactions;
using Workbench.Storage.Contract;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The SQL server a layer-sql cell starts in-process: the SQL layer on Percolator transactions
/// (<see cref="OpenStore"/>: one engine, or a replicated in-process cluster of the matrix's
/// topology, as `sql-server --config harness/clusters/inprocess3.yaml`), behind the MySQL protocol
/// on a free loopback port, with users root (no password) and sbtest/sbtest and database sbtest (as
/// sysbench's defaults). Exposes the counters each layer keeps (DESIGN.md §5.5): SQL rows/index
/// bytes, txn bytes by CF (summed over every store on a cluster), the engine (on a cluster the view
/// of all nodes' engines plus the Raft log and snapshot files) for device and engine-category bytes.
/// Dispose stops the server and closes the store.
/// </summary>
internal sealed class SqlCellServer : IDisposable
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

    /// <summary>
    /// The store under the SQL layer and the counters of the layers below it: <paramref name="TxnStats"/>
    /// one per store (one on a single node, every store of a cluster, whose leaders count what they
    /// propose); <paramref name="Cluster"/> when the store is a replicated in-process cluster.
    /// </summary>
    public sealed record CellStore(ISqlStore Sql, IKvEngine Engine, IReadOnlyList<TxnWriteStats> TxnStats, TxnClient Client, ClusterLayer? Cluster = null,
        AttributionProbe? Attribution = null);

    /// <summary>
    /// The one seam for "how the server's store is opened". Without a topology (or with one node and
    /// one replica): one engine (CFs default/lock/write) with the txn client over
    /// <see cref="LocalKvStore"/> and a TSO persisted under DIR/pd, as `workbench sql-server` single
    /// node. With a replicated topology: PD and <c>topology.Nodes</c> stores in this process, every
    /// node on <paramref name="engine"/> (or its own, `topology.engines`), <c>topology.Replicas</c> replicas, the Raft log where
    /// <paramref name="raftLogInEngine"/> (or the topology) says.
    /// </summary>
    public static CellStore OpenStore(EngineRegistry registry, EngineConfig engine, string directory, int seed, MatrixTopology? topology = null, bool? raftLogInEngine = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (IsCluster(topology)) return OpenCluster(registry, engine, directory, seed, topology!, raftLogInEngine ?? topology!.RaftLogInEngine);
        // The cell's files go through the page-cache model, so its device bytes can be attributed (Matrix/Attribution).
        var model = AttributionFiles.ForDirectory(directory);
        var local = LocalKvStore.Open(registry, engine, Path.Combine(directory, "engine"), model);
        try
        {
            var service = new TxnStorage(local);
            var tso = new BatchingTimestampSource(new TimestampOracle(SystemPhysicalClock.Instance, new FileTsoStore(model, Path.Combine(directory, "pd"))));
            var client = new TxnClient(service, tso, new TxnClientOptions { Seed = seed });
            var sql = new PercolatorSqlStore(client, $"engine {local.Engine.Name}, single node, Percolator transactions (matrix cell)", local.Engine, [local]);
            return new CellStore(sql, local.Engine, [service.Stats], client, null,
                new AttributionProbe(model, local.Engine, AttributionProbe.UsesFileSystem(registry, engine.Name)));
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    /// <summary>Whether a layer-sql cell of this topology runs on a replicated cluster (more than one node or replica).</summary>
    public static bool IsCluster(MatrixTopology? topology) => topology is not null && (topology.Nodes > 1 || topology.Replicas > 1);

    private static CellStore OpenCluster(EngineRegistry registry, EngineConfig engine, string directory, int seed, MatrixTopology topology, bool raftLogInEngine)
    {
        if (topology.Transport != "in-process")
            throw new NotSupportedException($"transport '{topology.Transport}': matrix sql cells start in-process clusters; for a tcp cluster run `workbench cluster up` (its sql: section starts the SQL role) and give the cell an endpoint row");
        var nodes = ClusterCells.Nodes(topology, engine);
        var config = new ClusterConfig { Topology = "in-process", Nodes = nodes, Replicas = topology.Replicas, RaftLogInEngine = raftLogInEngine };
        var sql = ClusterSqlStore.Open(config, registry, Path.Combine(directory, "cluster"), seed, out var layer);
        try
        {
            return new CellStore(sql, layer.Engine, ClusterTxn.Stats(layer.Cluster), sql.Client, layer, layer.Attribution);
        }
        catch
        {
            sql.Dispose();
            throw;
        }
    }

    public static SqlCellServer Start(EngineRegistry registry, EngineConfig engine, string directory, int seed, MatrixTopology? topology = null, bool? raftLogInEngine = null) =>
        new(OpenStore(registry, engine, directory, seed, topology, raftLogInEngine));

    public int Port => _server.Port;

    /// <summary>The engine measured: the single engine, or the cluster's view (every node's engine, Raft log and snapshot files).</summary>
    public IKvEngine Engine => _store.Engine;

    public SqlWriteStats SqlStats => _database.WriteStats;

    /// <summary>The cell's device bytes by layer and cause (and, on a cluster, the raft and engine layers' bytes).</summary>
    public AttributionProbe? Attribution => _store.Attribution;

    /// <summary>What the store is (engine and single node, or the cluster's shape), for the cell's statistics.</summary>
    public string Description => _store.Sql.Description;

    /// <summary>Where sysbench connects (user sbtest).</summary>
    public SysbenchTarget Target => new("127.0.0.1", Port, "sbtest", "sbtest", "sbtest");

    /// <summary>Waits for the txn client's background work (async-commit secondaries, lock cleanup) so the byte counters are final.</summary>
    public void Quiesce() => _store.Client.WaitForBackgroundWork(TimeSpan.FromSeconds(60));

    /// <summary>The bytes each layer has handed down so far (monotonic), for per-phase deltas; txn bytes summed over every store.</summary>
    public LayerBytes ReadLayerBytes()
    {
        Quiesce();
        return new LayerBytes(SqlStats.RowBytes, SqlStats.IndexBytes, TxnBytes(Cf.Default), TxnBytes(Cf.Lock), TxnBytes(Cf.Write));
    }

    private long TxnBytes(Cf cf)
    {
        long sum = 0;
        foreach (var s in _store.TxnStats) sum += s.Bytes(cf);
        return sum;
    }

    /// <summary>
    /// The engine statistics of the cell: the single engine's, or on a cluster the cluster's shape
    /// (regions, Raft log bytes) and then each node's engine statistics under its node id.
    /// </summary>
    public string? EngineStatistics()
    {
        if (_store.Cluster is not { } layer) return _store.Engine.GetProperty("stats");
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var c = layer.Cluster;
        sb.AppendLine(inv, $"CLUSTER  - {Description}; regions: {c.Pd.AllRegions().Count}");
        foreach (var (id, loop) in c.Stores)
        {
            var stats = loop.Store.Engine.GetProperty("stats");
            if (stats is null) continue;
            sb.AppendLine(inv, $"NODE {id} engine statistics:");
            sb.Append(stats);
            if (!stats.EndsWith('\n')) sb.AppendLine();
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
    }
}
