using System.Text.Json.Nodes;

namespace Workbench.Jepsen.Plans;

/// <summary>
/// The operations of Elle's list-append workload, whatever layer runs them (txn or SQL):
/// transactions of 1–4 micro-ops on a few keys, each an append of a value unique to the key or a
/// read of the whole list; keys rotate every <see cref="TxnsPerKeySet"/> transactions, so lists
/// stay short over a long run. Thread-safe: clients draw plans concurrently, each with its own
/// <see cref="Random"/> (the draw order is part of a seed's replay).
/// </summary>
internal sealed class AppendPlanner
{
    private const int ActiveKeys = 6;
    private const int TxnsPerKeySet = 400;

    private long _values;
    private long _txns;
    private long _maxKey;

    /// <summary>The next transaction's micro-ops: (append, key, value); value 0 for a read.</summary>
    public List<(bool Append, long Key, long Value)> Next(Random random)
    {
        var baseKey = Interlocked.Increment(ref _txns) / TxnsPerKeySet * ActiveKeys;
        var plan = new List<(bool Append, long Key, long Value)>();
        for (var m = random.Next(1, 5); m > 0; m--)
        {
            long key = baseKey + random.Next(ActiveKeys);
            InterlockedMax(ref _maxKey, key);
            plan.Add(random.Next(2) == 0 ? (true, key, Interlocked.Increment(ref _values)) : (false, key, 0));
        }
        return plan;
    }

    /// <summary>Reads of every key used recently (the final transaction, after the faults healed: it pins the final version orders).</summary>
    public List<(bool Append, long Key, long Value)> FinalReads()
    {
        var max = Interlocked.Read(ref _maxKey);
        var plan = new List<(bool Append, long Key, long Value)>();
        for (long k = Math.Max(0, max - 2 * ActiveKeys + 1); k <= max; k++) plan.Add((false, k, 0));
        return plan;
    }

    /// <summary>The history's invoke value of a plan: ["append", key, value] or ["r", key, null] per micro-op.</summary>
    public static JsonArray Invoke(List<(bool Append, long Key, long Value)> plan)
    {
        var invoke = new JsonArray();
        foreach (var (append, key, value) in plan)
            invoke.Add(append ? new JsonArray("append", key, value) : new JsonArray("r", key, null));
        return invoke;
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
