using Workbench.Jepsen.Nemeses;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// What the SQL-layer workloads run against: our MySQL-protocol SQL server over a cluster, reached
/// by <see cref="ConnectionString"/> (MySqlConnector), and the faults this target can inject.
/// </summary>
public interface ISqlTarget : IFaultTarget
{
    /// <summary>A MySqlConnector connection string for one client connection (pooling off, database selected).</summary>
    string ConnectionString { get; }
}
