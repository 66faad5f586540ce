using System.Net;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Sql;
using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Sql.Transactions;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;

namespace Workbench.Jepsen.InProcess;

/// <summary>
/// The SQL layer on an in-process cluster (layer sql, topology in-process): our MySQL-protocol
/// server in this process, on a free 127.0.0.1 port, running statements in Percolator transactions
/// over the in-process cluster of <see cref="InProcessTxnTarget"/> (3 stores, PD's TSO); the clients
/// are real MySqlConnector connections to it. No fault hooks, so no nemesis: it checks the SQL
/// layer's transactions under concurrency and splits; faults run on the tcp topology.
/// </summary>
public sealed class InProcessSqlTarget : ISqlTarget
{
    private readonly InProcessTxnTarget _cluster;
    private readonly SqlDatabase _database;
    private readonly SqlServer _server;

    /// <summary>Starts the in-process cluster on <paramref name="engine"/> (seeded by <paramref name="seed"/>) and a SQL server over it with the database the workloads use.</summary>
    public InProcessSqlTarget(EngineRegistry registry, EngineConfig engine, int seed)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _cluster = new InProcessTxnTarget(registry, engine, seed);
        try
        {
            var client = new TxnClient(_cluster.Service, _cluster.Timestamps, new TxnClientOptions { Seed = seed });
            _database = new SqlDatabase(new PercolatorSqlStore(client, $"in-process cluster of 3 {engine.Name} stores", null));
            _server = new SqlServer(_database, new SqlServerOptions
            {
                Address = IPAddress.Loopback,
                Port = 0,
                Users = [new SqlUser("root", "")],
                CreateDatabases = [Tcp.TcpProcessCluster.SqlDatabaseName],
            });
            _server.Start();
        }
        catch
        {
            _cluster.Dispose();
            throw;
        }
        Description = $"sql layer: our SQL server (MySQL protocol, 127.0.0.1:{_server.Port}) in this process over an in-process cluster of 3 {engine.Name} stores (no fault hooks: nemesis none only)";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public string ConnectionString => SqlConnectionString.For(_server.Port, Tcp.TcpProcessCluster.SqlDatabaseName);

    /// <inheritdoc/>
    public IReadOnlyCollection<NemesisKind> SupportedNemeses { get; } = [];

    /// <summary>PD's view at the end (for the run's notes).</summary>
    public int Regions => _cluster.Regions;

    /// <inheritdoc/>
    public string Start(NemesisKind kind, Random random) =>
        throw new JepsenConfigException($"nemesis '{NemesisNames.Name(kind)}' is not available on the in-process topology (it has no crash or partition hooks); use --topology tcp for faults");

    /// <inheritdoc/>
    public string Stop(NemesisKind kind) => "";

    /// <inheritdoc/>
    public void HealAll()
    {
    }

    /// <summary>Stops the server, the SQL store's client and the cluster.</summary>
    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
        _cluster.Dispose();
    }
}
