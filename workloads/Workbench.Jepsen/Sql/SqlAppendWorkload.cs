using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Plans;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Elle's list append over SQL, as Jepsen's TiDB append: <c>lists(id INT PRIMARY KEY, val TEXT)</c>;
/// transactions of 1–4 micro-ops in one BEGIN … COMMIT; an append is
/// <c>INSERT INTO lists (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = CONCAT(val, ',', ?)</c>
/// (the server reads and rewrites the row inside the transaction: no read-modify-write in the client),
/// a read is <c>SELECT val FROM lists WHERE id = ?</c>. Values unique per key; keys rotate every
/// 400 transactions, so lists stay short over a long run.
/// </summary>
internal sealed class SqlAppendWorkload : ISqlWorkload
{
    private readonly AppendPlanner _planner = new();

    public IHistoryChecker Checker { get; } = new AppendChecker();

    public void Setup(SqlClient client) =>
        SqlSetup.Run(client, "CREATE TABLE IF NOT EXISTS lists (id INT PRIMARY KEY, val TEXT)");

    public int Step(SqlDriver driver, SqlClient client, int process, Random random)
    {
        var plan = _planner.Next(random);
        var invoke = AppendPlanner.Invoke(plan);
        return driver.Run(client, process, "txn", invoke, op => Execute(op, plan));
    }

    private static JsonArray Execute(SqlOp op, List<(bool Append, long Key, long Value)> plan)
    {
        var done = new JsonArray();
        foreach (var (append, key, value) in plan)
        {
            if (append)
            {
                var v = value.ToString(CultureInfo.InvariantCulture);
                op.Write("INSERT INTO lists (id, val) VALUES (@p0, @p1) ON DUPLICATE KEY UPDATE val = CONCAT(val, ',', @p1)", key, v);
                done.Add(new JsonArray("append", key, value));
            }
            else
            {
                var rows = op.Query("SELECT val FROM lists WHERE id = @p0", key);
                var list = rows.Count == 0 || rows[0][0] is null ? "" : SqlValues.Text(rows[0][0]);
                var arr = new JsonArray();
                if (list.Length > 0) foreach (var x in list.Split(',')) arr.Add(long.Parse(x, CultureInfo.InvariantCulture));
                done.Add(new JsonArray("r", key, arr));
            }
        }
        return done;
    }

    /// <summary>One transaction reading every key used recently, after the faults healed (it pins the final version orders).</summary>
    public void Final(SqlDriver driver, SqlClient client, int process)
    {
        var plan = _planner.FinalReads();
        var invoke = AppendPlanner.Invoke(plan);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            driver.Run(client, process + attempt, "txn", invoke, op => Execute(op, plan));
            if (driver.LastOutcomeOk) return;
        }
    }
}
