using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Sql.Execution;
using Workbench.Sql.Transactions;
using Workbench.Storage.FileSystem;

namespace Workbench.Harness.SqlServer;

/// <summary>`workbench sql-server --config F`: the MySQL-protocol SQL server over the configured engine.</summary>
internal sealed class SqlServerVerb : IVerb
{
    public string Name => "sql-server";
    public string Summary => "serve SQL over the MySQL protocol (sysbench, mariadb, MySqlConnector) on the configured engine";

    public string Help => $$"""
        usage: workbench sql-server --config FILE.yaml [--port P] [--store-timeout-ms MS] [--exit-with-parent]

        Runs the SQL layer (stack/Workbench.Sql) behind the MySQL wire protocol, by default on
        127.0.0.1:4000, until killed. Prints "listening on HOST:PORT" once ready.
        Config (see harness/sql/single-lsm.yaml):
          engine:   { name: lsm, options: { … } }     the engine (workbench engines lists them)
          data_dir: data/sql                          DIR/engine: the engine's files, DIR/pd: the TSO (created if missing)
          transactions: percolator                    percolator (the txn client, default) | engine-local
                                                      (snapshot isolation on the engine alone, to measure
                                                      Percolator's cost by difference)
          sql:      { address: 127.0.0.1:4000, users: [ { user: root, password: "" },
                      { user: sbtest, password: sbtest, database: sbtest } ], create_databases: [sbtest] }
        Or a cluster config (harness/clusters/inprocess3.yaml: topology in-process, pd, nodes with
        an engine each, replicas, raft, region, and the same sql: section): the server embeds PD
        and the stores in this process (data under data_dir/cluster, default data/sql/cluster) and
        runs statements in Percolator transactions over the replicated cluster, routed by region.
        Single node: one engine (CFs default/lock/write), no replication; statements run in
        Percolator transactions (1PC / async commit / 2PC as TiDB's defaults).
        A cluster config with topology tcp: the server joins the running cluster at pd.address
        as the TiDB role (what `cluster up` starts from the config's sql: section);
        --store-timeout-ms bounds each store RPC (default 10000; `jepsen --layer sql` passes 2000).
        {{Workbench.Harness.ClusterProcess.ParentExit.HelpLine}}

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("config").Option("port").Option("store-timeout-ms").Flag(Workbench.Harness.ClusterProcess.ParentExit.Flag).Parse(args);
        Workbench.Harness.ClusterProcess.ParentExit.Start(p.Has(Workbench.Harness.ClusterProcess.ParentExit.Flag), "sql-server");
        var file = p.Get("config") ?? throw new UsageException("--config FILE is required");
        SqlServerConfig config;
        try
        {
            config = SqlServerConfig.Load(file);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"workbench sql-server: {e.Message}");
            return 2;
        }
        var options = config.Server;
        if (p.Get("port") is { } portText)
            options = new Workbench.Sql.Server.SqlServerOptions { Address = options.Address, Port = p.GetInt("port", options.Port), Users = options.Users, CreateDatabases = options.CreateDatabases, MaxPacketBytes = options.MaxPacketBytes };
        Directory.CreateDirectory(config.DataDirectory);
        var registry = EngineCatalog.Create();
        ISqlStore store;
        if (config.IsCluster)
        {
            Workbench.Cluster.Topology.ClusterConfig cluster;
            try
            {
                cluster = new Workbench.Cluster.Topology.ClusterConfigLoader(registry).LoadFile(file);
            }
            catch (Workbench.Cluster.Topology.ClusterConfigException e)
            {
                Console.Error.WriteLine($"workbench sql-server: {e.Message}");
                return 2;
            }
            if (config.JoinsTcpCluster)
            {
                Console.Error.WriteLine($"joining the tcp cluster at PD {cluster.PdAddress} as the SQL (TiDB) role …");
                store = ClusterLayers.ClusterSqlStore.Join(cluster, storeTimeout: p.Has("store-timeout-ms") ? TimeSpan.FromMilliseconds(p.GetInt("store-timeout-ms", 10_000)) : null);
            }
            else
            {
                Console.Error.WriteLine($"starting the in-process cluster ({cluster.Nodes.Count} nodes, {cluster.Replicas} replicas) under {Path.Combine(config.DataDirectory, "cluster")} …");
                store = ClusterLayers.ClusterSqlStore.Open(cluster, registry, Path.Combine(config.DataDirectory, "cluster"));
            }
        }
        else store = config.Transactions == "percolator"
            ? SqlStores.OpenPercolator(registry, config.Engine!, config.DataDirectory, new LocalFileSystem())
            : SqlStores.OpenEngineLocal(registry, config.Engine!, config.DataDirectory, new LocalFileSystem(), config.SyncCommits);
        using var database = new SqlDatabase(store);
        var server = new Workbench.Sql.Server.SqlServer(database, options) { Log = line => Console.Error.WriteLine(line) };
        try
        {
            // Start creates the configured databases: on a tcp cluster just started (or recovering
            // from a fault) that write can time out, so the joining server tries a few times.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    server.Start();
                    break;
                }
                catch (Workbench.Sql.SqlException e) when (config.JoinsTcpCluster && attempt < 10)
                {
                    Console.Error.WriteLine($"creating the configured databases failed ({e.Message}); retrying ({attempt}/10)");
                    Thread.Sleep(1000); // the cluster is settling: elections, a restarted node catching up
                }
            }
        }
        catch (Workbench.Sql.SqlException e)
        {
            Console.Error.WriteLine($"workbench sql-server: cannot create the configured databases: {e.Message}");
            return 1;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"workbench sql-server: cannot listen on {options.Address}:{options.Port}: {e.Message}");
            return 1;
        }
        Console.WriteLine($"listening on {options.Address}:{server.Port} ({store.Description}; data {config.DataDirectory})");
        // As the SQL role of a tcp cluster, leave a pid file where `workbench cluster status|down` look.
        if (config.JoinsTcpCluster) ClusterProcess.ProcessFiles.WritePid(config.DataDirectory, "sql");
        using var done = new ManualResetEventSlim();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.Set(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => done.Set();
        done.Wait();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (config.JoinsTcpCluster) ClusterProcess.ProcessFiles.RemovePid(config.DataDirectory, "sql");
        return 0;
    }
}
