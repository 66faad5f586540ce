using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Plans;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Elle's list append: transactions of 1–4 micro-ops on a few keys, each an append of a value
/// unique to the key or a read of the whole list. A list is stored as "v1,v2,…" under
/// <c>append/KEY</c>. Keys rotate every 400 transactions, so lists stay short over a long run.
/// </summary>
internal sealed class AppendWorkload : ITxnWorkload
{
    private readonly AppendPlanner _planner = new();

    public IHistoryChecker Checker { get; } = new AppendChecker();

    public void Setup(TxnClient client)
    {
    }

    public int Step(TxnDriver driver, int process, Random random)
    {
        var plan = _planner.Next(random);
        var invoke = AppendPlanner.Invoke(plan);
        return driver.Run(process, "txn", invoke, op => Execute(op, plan));
    }

    private static JsonArray Execute(TxnOp op, List<(bool Append, long Key, long Value)> plan)
    {
        var done = new JsonArray();
        foreach (var (append, key, value) in plan)
        {
            var k = B("append/" + D(key, 8));
            var cur = op.Get(k);
            var list = cur is null || cur.Length == 0 ? "" : S(cur);
            if (append)
            {
                op.Set(k, B(list.Length == 0 ? value.ToString(CultureInfo.InvariantCulture) : list + "," + value.ToString(CultureInfo.InvariantCulture)));
                done.Add(new JsonArray("append", key, value));
            }
            else
            {
                var arr = new JsonArray();
                if (list.Length > 0) foreach (var x in list.Split(',')) arr.Add(long.Parse(x, CultureInfo.InvariantCulture));
                done.Add(new JsonArray("r", key, arr));
            }
        }
        return done;
    }

    /// <summary>One transaction reading every key used, after the faults healed (it pins the final version orders).</summary>
    public void Final(TxnDriver driver, int process)
    {
        var plan = _planner.FinalReads();
        var invoke = AppendPlanner.Invoke(plan);
        driver.Run(process, "txn", invoke, op => Execute(op, plan));
    }
}
