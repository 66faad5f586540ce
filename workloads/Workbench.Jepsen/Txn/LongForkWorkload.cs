using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Jepsen's long fork: every key is inserted once, by its own transaction; keys form groups of
/// <see cref="GroupSize"/>; a read transaction reads one recent group, key by key in a random
/// order, and reports which keys it found.
/// </summary>
internal sealed class LongForkWorkload : ITxnWorkload
{
    public const int GroupSize = 3;

    private long _next;

    public IHistoryChecker Checker { get; } = new LongForkChecker();

    public void Setup(TxnClient client)
    {
    }

    private static byte[] Key(long k) => B("lf/" + D(k, 10));

    public int Step(TxnDriver driver, int process, Random random)
    {
        if (random.Next(2) == 0)
        {
            var k = Interlocked.Increment(ref _next) - 1;
            return driver.Run(process, "insert", JsonValue.Create(k), op =>
            {
                op.Set(Key(k), B("1"));
                return JsonValue.Create(k);
            });
        }
        var frontier = Interlocked.Read(ref _next) / GroupSize;
        var group = Math.Max(0, frontier - random.Next(2));
        var order = new long[GroupSize];
        for (var i = 0; i < GroupSize; i++) order[i] = group * GroupSize + i;
        random.Shuffle(order);
        return driver.Run(process, "read", new JsonObject { ["group"] = group, ["present"] = null }, op =>
        {
            var present = new List<long>();
            foreach (var k in order)
                if (op.Get(Key(k)) is not null) present.Add(k);
            present.Sort();
            var arr = new JsonArray();
            foreach (var k in present) arr.Add(k);
            return new JsonObject { ["group"] = group, ["present"] = arr };
        });
    }

    public void Final(TxnDriver driver, int process)
    {
    }
}
