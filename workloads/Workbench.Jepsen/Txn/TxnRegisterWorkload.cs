using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Registers;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Jepsen's register on transactions: read, write, and compare-and-set (read, and if it matches
/// write, in one transaction; a mismatch fails with "mismatch"). Values 1–5. Independent keys:
/// clients move to a new register every 40 operations or 3 unknown outcomes (<see cref="RegisterKeys"/>),
/// so each Porcupine partition stays small.
/// </summary>
internal sealed class TxnRegisterWorkload : ITxnWorkload
{
    private readonly RegisterKeys _keys = new();

    public IHistoryChecker Checker { get; } = new RegisterChecker();

    public void Setup(TxnClient client)
    {
    }

    public int Step(TxnDriver driver, int process, Random random)
    {
        var keyIndex = _keys.Next();
        var key = "reg/" + D(keyIndex, 6);
        var k = B(key);
        var v = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
        switch (random.Next(3))
        {
            case 0:
                return Counted(driver.Run(process, "read", new JsonObject { ["key"] = key, ["value"] = null }, op =>
                {
                    var cur = op.Get(k);
                    return new JsonObject { ["key"] = key, ["value"] = cur is null ? null : S(cur) };
                }), process, keyIndex);
            case 1:
                return Counted(driver.Run(process, "write", new JsonObject { ["key"] = key, ["value"] = v }, op =>
                {
                    op.Set(k, B(v));
                    return new JsonObject { ["key"] = key, ["value"] = v };
                }), process, keyIndex);
            default:
            {
                var from = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
                var value = new JsonObject { ["key"] = key, ["from"] = from, ["to"] = v };
                return Counted(driver.Run(process, "cas", value, op =>
                {
                    var cur = op.Get(k);
                    if (cur is null || S(cur) != from) throw new OpFailedException("mismatch");
                    op.Set(k, B(v));
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

    public void Final(TxnDriver driver, int process)
    {
    }
}
