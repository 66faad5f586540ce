using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Jepsen's register on transactions: read, write, and compare-and-set (read, and if it matches
/// write, in one transaction; a mismatch fails with "mismatch"). Values 1–5. Independent keys:
/// clients move to a new register every 40 operations, so each Porcupine partition stays small.
/// </summary>
internal sealed class TxnRegisterWorkload : ITxnWorkload
{
    private const int OpsPerRegister = 40;

    private long _ops;

    public IHistoryChecker Checker { get; } = new RegisterChecker();

    public void Setup(TxnClient client)
    {
    }

    public int Step(TxnDriver driver, int process, Random random)
    {
        var key = "reg/" + D(Interlocked.Increment(ref _ops) / OpsPerRegister, 6);
        var k = B(key);
        var v = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
        switch (random.Next(3))
        {
            case 0:
                return driver.Run(process, "read", new JsonObject { ["key"] = key, ["value"] = null }, op =>
                {
                    var cur = op.Get(k);
                    return new JsonObject { ["key"] = key, ["value"] = cur is null ? null : S(cur) };
                });
            case 1:
                return driver.Run(process, "write", new JsonObject { ["key"] = key, ["value"] = v }, op =>
                {
                    op.Set(k, B(v));
                    return new JsonObject { ["key"] = key, ["value"] = v };
                });
            default:
            {
                var from = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
                var value = new JsonObject { ["key"] = key, ["from"] = from, ["to"] = v };
                return driver.Run(process, "cas", value, op =>
                {
                    var cur = op.Get(k);
                    if (cur is null || S(cur) != from) throw new OpFailedException("mismatch");
                    op.Set(k, B(v));
                    return value;
                });
            }
        }
    }

    public void Final(TxnDriver driver, int process)
    {
    }
}
