using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;

namespace Workbench.Jepsen.Sql;

/// <summary>Jepsen TiDB's set over SQL: <c>sets(id INT PRIMARY KEY, value BIGINT)</c>; each operation INSERTs one unique element in its own transaction; a final <c>SELECT value FROM sets</c> reads them all.</summary>
internal sealed class SqlSetWorkload : ISqlWorkload
{
    private long _next;

    public IHistoryChecker Checker { get; } = new SetChecker();

    public void Setup(SqlClient client) =>
        SqlSetup.Run(client, "CREATE TABLE IF NOT EXISTS sets (id INT PRIMARY KEY, value BIGINT NOT NULL)");

    public int Step(SqlDriver driver, SqlClient client, int process, Random random)
    {
        var e = Interlocked.Increment(ref _next);
        return driver.Run(client, process, "add", JsonValue.Create(e), op =>
        {
            op.Write("INSERT INTO sets (id, value) VALUES (@p0, @p0)", e);
            return JsonValue.Create(e);
        });
    }

    public void Final(SqlDriver driver, SqlClient client, int process)
    {
        // A few attempts: a read can still fail on a lock left by a killed server.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            driver.Run(client, process + attempt, "read", null, op =>
            {
                var arr = new JsonArray();
                foreach (var row in op.Query("SELECT value FROM sets")) arr.Add(SqlValues.Long(row[0]));
                return arr;
            });
            if (driver.LastOutcomeOk) return;
        }
    }
}
