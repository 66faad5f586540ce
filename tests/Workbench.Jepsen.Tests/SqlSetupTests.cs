using MySqlConnector;
using Workbench.Jepsen.InProcess;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Sql;
using Workbench.Jepsen.Txn;
using Workbench.Storage.Registry;
using Workbench.Testing.Processes;

namespace Workbench.Jepsen.Tests;

/// <summary>
/// The SQL workloads' setup is retried within a time budget, as the txn bank's: attempts that fail
/// (here the first connections go to a port nobody listens on, as when the sql-server is not up
/// yet) are followed by one that succeeds; a retry after a half-done attempt (the table created,
/// some rows there) adds only what is missing and leaves the rows alone; a setup that never
/// succeeds ends as a setup error naming its last failure.
/// </summary>
public class SqlSetupTests
{
    private static readonly EngineRegistry Registry = TestEngines.Registry();

    [Fact]
    public void The_bank_setup_is_retried_past_failed_attempts_and_after_a_half_done_one_adds_only_the_missing_rows()
    {
        var seed = TestEngines.Seeds(730, 1).First();
        using var target = new InProcessSqlTarget(Registry, new EngineConfig("lsm"), seed);
        var bank = new SqlBankWorkload(plainReads: false, updateInPlace: false);
        using (var direct = new SqlClient(target.ConnectionString))
        {
            // What an attempt cut off after its DDL leaves: the table, no rows.
            new SqlOp(direct.Connection()).Execute("CREATE TABLE IF NOT EXISTS accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
        }

        var (failing, calls) = FailingFirst(2, target.ConnectionString);
        using (var client = new SqlClient(failing)) bank.Setup(client);
        Assert.Equal(3, calls());
        var initial = Balances(target.ConnectionString);
        Assert.Equal(BankWorkload.Accounts, initial.Count);
        Assert.Equal(BankWorkload.Total, initial.Values.Sum());
        for (var i = 0; i < BankWorkload.Accounts; i++)
            Assert.Equal(BankWorkload.Total / BankWorkload.Accounts + (i < BankWorkload.Total % BankWorkload.Accounts ? 1 : 0), initial[i]);

        // A later retry finds rows that are there (a transfer moved 3 from 0 to 1) and one that is not.
        using (var direct = new SqlClient(target.ConnectionString))
        {
            var op = new SqlOp(direct.Connection());
            op.Execute("UPDATE accounts SET balance = balance - 3 WHERE id = 0");
            op.Execute("UPDATE accounts SET balance = balance + 3 WHERE id = 1");
            op.Execute("DELETE FROM accounts WHERE id = 7");
        }
        var (failingAgain, callsAgain) = FailingFirst(1, target.ConnectionString);
        using (var client = new SqlClient(failingAgain)) bank.Setup(client);
        Assert.Equal(2, callsAgain());
        var after = Balances(target.ConnectionString);
        Assert.Equal(BankWorkload.Accounts, after.Count);
        Assert.Equal(initial[0] - 3, after[0]);
        Assert.Equal(initial[1] + 3, after[1]);
        Assert.Equal(initial[7], after[7]);
        for (var i = 2; i < 7; i++) Assert.Equal(initial[i], after[i]);
    }

    [Fact]
    public void A_setup_that_never_succeeds_is_a_setup_error_with_the_last_failure_after_its_budget()
    {
        var (failing, calls) = FailingFirst(int.MaxValue, "");
        using var client = new SqlClient(failing);
        var budget = TimeSpan.FromMilliseconds(300);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<JepsenSetupException>(() => SqlSetup.Run(client, budget, "CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)"));
        // Not before the budget (how many attempts fit in it depends on the machine's load: the first connect JITs the client).
        Assert.True(clock.Elapsed >= budget, $"gave up after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Contains($"did not succeed in {calls()} attempts", e.Message, StringComparison.Ordinal);
        Assert.Contains("the last error: MySqlException", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A connection factory whose first <paramref name="failures"/> connections go to a loopback port nobody listens on (their Open fails), the rest to <paramref name="connectionString"/>; and its call count.</summary>
    private static (Func<MySqlConnection> Create, Func<int> Calls) FailingFirst(int failures, string connectionString)
    {
        var calls = 0;
        var dead = SqlConnectionString.For(FreePorts.Next(), Tcp.TcpProcessCluster.SqlDatabaseName);
        return (() => new MySqlConnection(++calls <= failures ? dead : connectionString), () => calls);
    }

    private static Dictionary<long, long> Balances(string connectionString)
    {
        using var client = new SqlClient(connectionString);
        var balances = new Dictionary<long, long>();
        foreach (var row in new SqlOp(client.Connection()).Query("SELECT id, balance FROM accounts"))
            balances[SqlValues.Long(row[0])] = SqlValues.Long(row[1]);
        return balances;
    }
}
