using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Txn;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Jepsen's long fork over SQL: <c>lf(id INT PRIMARY KEY, val INT)</c>; every row is inserted once,
/// by its own transaction; rows form groups of <see cref="LongForkWorkload.GroupSize"/>; a read
/// transaction SELECTs one recent group row by row, in a random order, and reports which rows it found.
/// </summary>
internal sealed class SqlLongForkWorkload : ISqlWorkload
{
    private long _next;

    public IHistoryChecker Checker { get; } = new LongForkChecker();

    public void Setup(SqlClient client) =>
        SqlSetup.Run(client, "CREATE TABLE IF NOT EXISTS lf (id INT PRIMARY KEY, val INT)");

    public int Step(SqlDriver driver, SqlClient client, int process, Random random)
    {
        if (random.Next(2) == 0)
        {
            var k = Interlocked.Increment(ref _next) - 1;
            return driver.Run(client, process, "insert", JsonValue.Create(k), op =>
            {
                op.Write("INSERT INTO lf (id, val) VALUES (@p0, 1)", k);
                return JsonValue.Create(k);
            });
        }
        var frontier = Interlocked.Read(ref _next) / LongForkWorkload.GroupSize;
        var group = Math.Max(0, frontier - random.Next(2));
        var order = new long[LongForkWorkload.GroupSize];
        for (var i = 0; i < order.Length; i++) order[i] = group * LongForkWorkload.GroupSize + i;
        random.Shuffle(order);
        return driver.Run(client, process, "read", new JsonObject { ["group"] = group, ["present"] = null }, op =>
        {
            var present = new List<long>();
            foreach (var k in order)
                if (op.Query("SELECT id FROM lf WHERE id = @p0", k).Count > 0) present.Add(k);
            present.Sort();
            var arr = new JsonArray();
            foreach (var k in present) arr.Add(k);
            return new JsonObject { ["group"] = group, ["present"] = arr };
        });
    }

    public void Final(SqlDriver driver, SqlClient client, int process)
    {
    }
}
