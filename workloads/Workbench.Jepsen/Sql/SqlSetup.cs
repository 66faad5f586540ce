using System.Diagnostics;
using Workbench.Jepsen.Runs;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Runs a workload's schema statements before the clients start, retrying within a time budget
/// while the server or the cluster is still settling (the server not listening yet, a fresh
/// cluster's first regions still electing, a store RPC timing out on a loaded machine) — as the
/// txn layer's BankWorkload.Setup retries its initial commit.
/// </summary>
internal static class SqlSetup
{
    /// <summary>How long a setup keeps retrying before the run fails (the txn bank's budget).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="statements"/> on one connection (a transaction if they say BEGIN … COMMIT;
    /// DDL commits on its own). Every statement must be idempotent (CREATE TABLE IF NOT EXISTS,
    /// INSERT … ON DUPLICATE KEY UPDATE col = col), since a failed attempt may have taken effect in
    /// part (the table created, the transaction not) or whole (the COMMIT applied, its answer lost).
    /// Retried on a fresh connection, with a backoff, until <see cref="Budget"/> has passed; then a
    /// <see cref="JepsenSetupException"/> naming the attempts and the last error.
    /// </summary>
    public static void Run(SqlClient client, params string[] statements) => Run(client, Budget, statements);

    /// <summary>As <see cref="Run(SqlClient, string[])"/> with its own <paramref name="budget"/> (tests).</summary>
    public static void Run(SqlClient client, TimeSpan budget, params string[] statements)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var op = new SqlOp(client.Connection());
                foreach (var s in statements) op.Execute(s);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The connection may be mid-transaction or broken: the next attempt starts on a new one.
                client.Drop();
                if (clock.Elapsed >= budget)
                    throw new JepsenSetupException($"the sql setup ({statements[0]}) did not succeed in {attempt} attempts over {clock.Elapsed.TotalSeconds:F0} s; the last error: {e.GetType().Name}: {e.Message}");
                Thread.Sleep(Math.Min(1_000, 50 * attempt)); // backoff before the next attempt, not a wait for a condition
            }
        }
    }
}
