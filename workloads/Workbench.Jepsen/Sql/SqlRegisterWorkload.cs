using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Registers;
using Workbench.Jepsen.Txn;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Jepsen TiDB's register over SQL: <c>registers(id INT PRIMARY KEY, val INT)</c>, one row per
/// independent key (<see cref="RegisterKeys"/>: 40 operations or 3 unknown outcomes per key).
/// read = <c>SELECT val … WHERE id = ?</c>; write = <c>INSERT … ON DUPLICATE KEY UPDATE val = ?</c>;
/// compare-and-set = <c>UPDATE registers SET val = ? WHERE id = ? AND val = ?</c>, ok when it
/// matched the row (affected rows 1: the client asks for CLIENT_FOUND_ROWS, so a cas to the same
/// value counts), a "mismatch" failure when it matched none. Each in its own BEGIN … COMMIT.
/// Values 1–5, recorded as the txn-layer register does (key "reg/NNNNNN", values as strings).
/// </summary>
internal sealed class SqlRegisterWorkload : ISqlWorkload
{
    private readonly RegisterKeys _keys = new();

    public IHistoryChecker Checker { get; } = new RegisterChecker();

    public void Setup(SqlClient client) =>
        SqlSetup.Run(client, "CREATE TABLE IF NOT EXISTS registers (id INT PRIMARY KEY, val INT)");

    public int Step(SqlDriver driver, SqlClient client, int process, Random random)
    {
        var keyIndex = _keys.Next();
        var key = "reg/" + TxnCodec.D(keyIndex, 6);
        var v = random.Next(1, 6);
        var vs = v.ToString(CultureInfo.InvariantCulture);
        switch (random.Next(3))
        {
            case 0:
                return Counted(driver.Run(client, process, "read", new JsonObject { ["key"] = key, ["value"] = null }, op =>
                {
                    var rows = op.Query("SELECT val FROM registers WHERE id = @p0", keyIndex);
                    var cur = rows.Count == 0 || rows[0][0] is null ? null : SqlValues.Text(rows[0][0]);
                    return new JsonObject { ["key"] = key, ["value"] = cur };
                }), process, keyIndex);
            case 1:
                return Counted(driver.Run(client, process, "write", new JsonObject { ["key"] = key, ["value"] = vs }, op =>
                {
                    op.Write("INSERT INTO registers (id, val) VALUES (@p0, @p1) ON DUPLICATE KEY UPDATE val = @p1", keyIndex, v);
                    return new JsonObject { ["key"] = key, ["value"] = vs };
                }), process, keyIndex);
            default:
            {
                var from = random.Next(1, 6);
                var value = new JsonObject { ["key"] = key, ["from"] = from.ToString(CultureInfo.InvariantCulture), ["to"] = vs };
                return Counted(driver.Run(client, process, "cas", value, op =>
                {
                    if (op.Write("UPDATE registers SET val = @p0 WHERE id = @p1 AND val = @p2", v, keyIndex, from) == 0) throw new OpFailedException("mismatch");
                    return value;
                }), process, keyIndex);
            }
        }
    }

    // The driver gives a new process id after an unknown outcome (the old one retired).
    private int Counted(int next, int process, long keyIndex)
    {
        if (next != process) _keys.Unknown(keyIndex);
        return next;
    }

    public void Final(SqlDriver driver, SqlClient client, int process)
    {
    }
}
