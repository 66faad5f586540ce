using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>Jepsen's set: each operation inserts one unique element (key <c>set/ELEMENT</c>) in its own transaction; a final scan reads them all.</summary>
internal sealed class TxnSetWorkload : ITxnWorkload
{
    private long _next;

    public IHistoryChecker Checker { get; } = new SetChecker();

    public void Setup(TxnClient client)
    {
    }

    public int Step(TxnDriver driver, int process, Random random)
    {
        var e = Interlocked.Increment(ref _next);
        return driver.Run(process, "add", JsonValue.Create(e), op =>
        {
            op.Insert(B("set/" + D(e, 10)), B("1"));
            return JsonValue.Create(e);
        });
    }

    public void Final(TxnDriver driver, int process)
    {
        // A few attempts: a read can still fail on a lock left by a killed coordinator.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            driver.Run(process + attempt, "read", null, op =>
            {
                var arr = new JsonArray();
                foreach (var kv in op.Scan(B("set/"), B("set0"), int.MaxValue))
                    arr.Add(long.Parse(S(kv.Key)[4..], CultureInfo.InvariantCulture));
                return arr;
            });
            if (driver.LastOutcomeOk) return;
        }
    }
}
