using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Txn;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Jepsen TiDB's bank over SQL: <c>accounts(id INT PRIMARY KEY, balance BIGINT)</c>, 8 rows holding
/// 100 in total. A read sums every row in one transaction (<c>SELECT id, balance FROM accounts</c>);
/// a transfer of 1–5 reads both rows — <c>SELECT balance … WHERE id = ? FOR UPDATE</c> by default,
/// plain SELECTs with <paramref name="plainReads"/> — refuses when the source would go negative, and
/// writes both rows, with the computed balances (<c>UPDATE accounts SET balance = ? WHERE id = ?</c>)
/// or, with <paramref name="updateInPlace"/>, relative ones (<c>SET balance = balance - ?</c>), as
/// Jepsen's <c>--update-in-place</c>.
/// </summary>
internal sealed class SqlBankWorkload(bool plainReads, bool updateInPlace) : ISqlWorkload
{
    public IHistoryChecker Checker { get; } = new BankChecker(BankWorkload.Accounts, BankWorkload.Total);

    public void Setup(SqlClient client)
    {
        var rows = new List<string>();
        for (var i = 0; i < BankWorkload.Accounts; i++)
            rows.Add($"({i}, {BankWorkload.Total / BankWorkload.Accounts + (i < BankWorkload.Total % BankWorkload.Accounts ? 1 : 0)})");
        // Idempotent, so SqlSetup may retry it after an attempt that did part of it: the table only if
        // absent; the rows in one transaction, each inserted only if absent (an existing row keeps its
        // balance: balance = balance), so a retry after a lost COMMIT answer changes nothing.
        SqlSetup.Run(client,
            "CREATE TABLE IF NOT EXISTS accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
            "BEGIN",
            $"INSERT INTO accounts (id, balance) VALUES {string.Join(", ", rows)} ON DUPLICATE KEY UPDATE balance = balance",
            "COMMIT");
    }

    public int Step(SqlDriver driver, SqlClient client, int process, Random random)
    {
        if (random.Next(2) == 0) return Read(driver, client, process);
        var from = random.Next(BankWorkload.Accounts);
        var to = (from + 1 + random.Next(BankWorkload.Accounts - 1)) % BankWorkload.Accounts;
        var amount = random.Next(1, 6);
        var value = new JsonObject { ["from"] = from, ["to"] = to, ["amount"] = amount };
        var select = plainReads ? "SELECT balance FROM accounts WHERE id = @p0" : "SELECT balance FROM accounts WHERE id = @p0 FOR UPDATE";
        return driver.Run(client, process, "transfer", value, op =>
        {
            var a = Balance(op, select, from);
            var b = Balance(op, select, to);
            if (a < amount) throw new OpFailedException("insufficient funds");
            if (updateInPlace)
            {
                op.Write("UPDATE accounts SET balance = balance - @p0 WHERE id = @p1", amount, from);
                op.Write("UPDATE accounts SET balance = balance + @p0 WHERE id = @p1", amount, to);
            }
            else
            {
                op.Write("UPDATE accounts SET balance = @p0 WHERE id = @p1", a - amount, from);
                op.Write("UPDATE accounts SET balance = @p0 WHERE id = @p1", b + amount, to);
            }
            return value;
        });
    }

    private static long Balance(SqlOp op, string select, int id)
    {
        var rows = op.Query(select, id);
        if (rows.Count == 0) throw new OpFailedException($"account {id} missing");
        return SqlValues.Long(rows[0][0]);
    }

    private static int Read(SqlDriver driver, SqlClient client, int process) => driver.Run(client, process, "read", null, op =>
    {
        var balances = new long?[BankWorkload.Accounts];
        foreach (var row in op.Query("SELECT id, balance FROM accounts"))
        {
            var id = SqlValues.Long(row[0]);
            if (id >= 0 && id < BankWorkload.Accounts) balances[id] = SqlValues.Long(row[1]);
        }
        var arr = new JsonArray();
        foreach (var b in balances) arr.Add(b is null ? null : JsonValue.Create(b.Value));
        return arr;
    });

    public void Final(SqlDriver driver, SqlClient client, int process)
    {
        // A few attempts: the first read after the heal can still meet a lock a killed server left.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Read(driver, client, process + attempt);
            if (driver.LastOutcomeOk) return;
        }
    }
}
