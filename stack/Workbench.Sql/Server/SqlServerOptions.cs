using System.Net;

namespace Workbench.Sql.Server;

/// <summary>Where the MySQL-protocol server listens and who may log in.</summary>
public sealed class SqlServerOptions
{
    /// <summary>127.0.0.1 unless configured otherwise.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>4000 as TiDB; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 4000;
    /// <summary>Accounts that may log in (mysql_native_password); default: root with an empty password.</summary>
    public IReadOnlyList<SqlUser> Users { get; init; } = [new SqlUser("root", "")];
    /// <summary>max_allowed_packet: a larger client packet closes that connection.</summary>
    public int MaxPacketBytes { get; init; } = 64 << 20;
    /// <summary>
    /// Each connection on its own thread with blocking socket calls (default, as MySQL): a request
    /// wakes only that thread. Otherwise connections are async on the thread pool (many idle
    /// connections, few threads); on 2 cores that path spent about half the server's CPU in
    /// thread-pool spinning and the socket engine's hand-offs under sysbench point selects.
    /// </summary>
    public bool ThreadPerConnection { get; init; } = true;
    /// <summary>Databases created at start if missing (e.g. sbtest for sysbench).</summary>
    public IReadOnlyList<string> CreateDatabases { get; init; } = [];
}
