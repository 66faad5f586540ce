using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
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
    private const int ActiveKeys = 6;
    private const int TxnsPerKeySet = 400;

    private long _values;
    private long _txns;
    private long _maxKey;

    public IHistoryChecker Checker { get; } = new AppendChecker();

    public void Setup(TxnClient client)
    {
    }

    public int Step(TxnDriver driver, int process, Random random)
    {
        var baseKey = Interlocked.Increment(ref _txns) / TxnsPerKeySet * ActiveKeys;
        var plan = new List<(bool Append, long Key, long Value)>();
        for (var m = random.Next(1, 5); m > 0; m--)
        {
            long key = baseKey + random.Next(ActiveKeys);
            InterlockedMax(ref _maxKey, key);
            plan.Add(random.Next(2) == 0 ? (true, key, Interlocked.Increment(ref _values)) : (false, key, 0));
        }
        var invoke = new JsonArray();
        foreach (var (append, key, value) in plan)
            invoke.Add(append ? new JsonArray("append", key, value) : new JsonArray("r", key, null));
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
        var max = Interlocked.Read(ref _maxKey);
        var plan = new List<(bool, long, long)>();
        for (long k = Math.Max(0, max - 2 * ActiveKeys + 1); k <= max; k++) plan.Add((false, k, 0));
        var invoke = new JsonArray();
        foreach (var (_, key, _) in plan) invoke.Add(new JsonArray("r", key, null));
        driver.Run(process, "txn", invoke, op => Execute(op, plan));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var cur = Interlocked.Read(ref target);
        while (value > cur)
        {
            var seen = Interlocked.CompareExchange(ref target, value, cur);
            if (seen == cur) return;
            cur = seen;
        }
    }
}
