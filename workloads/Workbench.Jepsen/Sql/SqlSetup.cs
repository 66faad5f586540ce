using MySqlConnector;

namespace Workbench.Jepsen.Sql;

/// <summary>Runs a workload's schema statements before the clients start, retrying while the server or the cluster is still settling (a fresh cluster's first regions may still be electing).</summary>
internal static class SqlSetup
{
    /// <summary>Runs <paramref name="statements"/> in one transaction (DDL commits on its own); every statement must be idempotent (IF NOT EXISTS, ON DUPLICATE KEY UPDATE), since a failed attempt may have taken effect.</summary>
    public static void Run(SqlClient client, params string[] statements)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var op = new SqlOp(client.Connection());
                foreach (var s in statements) op.Execute(s);
                return;
            }
            catch (Exception e) when (attempt < 20 && e is MySqlException or IOException or InvalidOperationException)
            {
                client.Drop();
                Thread.Sleep(250 * Math.Min(attempt, 4)); // back off while the cluster settles
            }
        }
    }
}
