using System.Globalization;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Sql;
using Workbench.Storage.Registry;

namespace Workbench.Jepsen.Tcp;

/// <summary>
/// The SQL layer on a tcp cluster of real processes (layer sql, topology tcp): PD, 3 nodes and one
/// `workbench sql-server` process joining them (the TiDB role, as `cluster up` starts it from the
/// YAML's <c>sql:</c> section); the clients are MySqlConnector connections to that server. Node
/// faults are <see cref="TcpTxnTarget"/>'s (kill, kill-pd, pause, partition, partition-one); here
/// <c>kill</c> draws its victim among the 3 nodes and the SQL server, and <c>kill-sql</c> always kills
/// the SQL server (kill -9; restarted on the same port when the fault stops). One fault at a time.
/// </summary>
public sealed class TcpSqlTarget : ISqlTarget
{
    private readonly TcpTxnTarget _nodes;
    private readonly int _port;
    private readonly EngineConfig _engine;
    private bool _sqlKilled;
    private NemesisKind? _sqlFault;

    /// <summary>Starts PD, 3 node processes and the SQL server with <paramref name="workbenchCommand"/> on <paramref name="engine"/>.</summary>
    public TcpSqlTarget(IReadOnlyList<string> workbenchCommand, EngineConfig engine, int seed)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _nodes = new TcpTxnTarget(workbenchCommand, engine, seed, withSql: true);
        var address = _nodes.Cluster.SqlAddress!;
        _port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The process cluster under the target (for its logs and addresses).</summary>
    public TcpProcessCluster Cluster => _nodes.Cluster;

    /// <inheritdoc/>
    public string Description => $"sql layer: `workbench sql-server` process (127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}) joining a tcp cluster of {TcpProcessCluster.NodeCount} {_engine.Name} node processes and PD (kill = kill -9 of a node or the SQL server, pause = SIGSTOP)";

    /// <inheritdoc/>
    public string ConnectionString => SqlConnectionString.For(_port, TcpProcessCluster.SqlDatabaseName);

    /// <summary>The faults of the tcp txn target, and kill-sql.</summary>
    public static readonly NemesisKind[] Supported = [.. TcpTxnTarget.Supported, NemesisKind.KillSql];

    /// <inheritdoc/>
    public IReadOnlyCollection<NemesisKind> SupportedNemeses => Supported;

    /// <inheritdoc/>
    public string Start(NemesisKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // kill: 1 in (nodes + 1) times the SQL server is the victim.
        if (kind == NemesisKind.KillSql || (kind == NemesisKind.Kill && random.Next(TcpProcessCluster.NodeCount + 1) == TcpProcessCluster.NodeCount))
        {
            _nodes.Cluster.Kill9("sql");
            _sqlKilled = true;
            _sqlFault = kind;
            return "kill -9 sql-server";
        }
        return _nodes.Start(kind, random);
    }

    /// <inheritdoc/>
    public string Stop(NemesisKind kind)
    {
        if (_sqlKilled && _sqlFault == kind) return RestartSql();
        return _nodes.Stop(kind);
    }

    private string RestartSql()
    {
        if (!_sqlKilled) return "";
        _nodes.Cluster.StartSql();
        _nodes.Cluster.WaitSqlReady(TimeSpan.FromSeconds(60));
        _sqlKilled = false;
        _sqlFault = null;
        return "restarted sql-server";
    }

    /// <inheritdoc/>
    public void HealAll()
    {
        _nodes.HealAll();
        RestartSql();
    }

    /// <summary>Stops every process and deletes the cluster directory.</summary>
    public void Dispose() => _nodes.Dispose();
}
