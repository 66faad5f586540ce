using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Txn.Client;
using static Workbench.Jepsen.Txn.TxnCodec;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Jepsen's bank: 8 accounts holding 100 in total; half the operations read every balance in one
/// transaction, half transfer 1–5 from one account to another (read both, refuse when the source
/// would go negative, write both). Snapshot isolation keeps every read's total at 100.
/// </summary>
internal sealed class BankWorkload : ITxnWorkload
{
    public const int Accounts = 8;
    public const long Total = 100;

    private static readonly byte[][] Keys = [.. Enumerable.Range(0, Accounts).Select(i => B("bank/" + i))];

    public IHistoryChecker Checker { get; } = new BankChecker(Accounts, Total);

    public void Setup(TxnClient client)
    {
        // Setup runs before any client operation, so writing the initial balances again is idempotent:
        // a setup commit that failed or timed out undetermined (a loaded machine, a store still electing)
        // is retried within a bound rather than failing the run before it began.
        var deadline = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var t = client.Begin();
                for (var i = 0; i < Accounts; i++) t.Set(Keys[i], N(Total / Accounts + (i < Total % Accounts ? 1 : 0)));
                t.Commit();
                return;
            }
            catch (Exception e) when (deadline.Elapsed < SetupBudget && e is not OutOfMemoryException)
            {
                Thread.Sleep(Math.Min(1_000, 50 * attempt)); // backoff before the next attempt, not a wait for a condition
            }
        }
    }

    private static readonly TimeSpan SetupBudget = TimeSpan.FromSeconds(60);

    public int Step(TxnDriver driver, int process, Random random)
    {
        if (random.Next(2) == 0) return Read(driver, process);
        var from = random.Next(Accounts);
        var to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
        var amount = random.Next(1, 6);
        var value = new JsonObject { ["from"] = from, ["to"] = to, ["amount"] = amount };
        return driver.Run(process, "transfer", value, op =>
        {
            var a = ParseLong(op.Get(Keys[from]) ?? throw new OpFailedException($"account {from} missing"));
            var b = ParseLong(op.Get(Keys[to]) ?? throw new OpFailedException($"account {to} missing"));
            if (a < amount) throw new OpFailedException("insufficient funds");
            op.Set(Keys[from], N(a - amount));
            op.Set(Keys[to], N(b + amount));
            return value;
        });
    }

    private static int Read(TxnDriver driver, int process) => driver.Run(process, "read", null, op =>
    {
        var pairs = op.BatchGet(Keys);
        var balances = new long?[Accounts];
        foreach (var p in pairs)
            for (var i = 0; i < Accounts; i++)
                if (p.Key.AsSpan().SequenceEqual(Keys[i])) balances[i] = ParseLong(p.Value);
        var arr = new JsonArray();
        foreach (var b in balances) arr.Add(b is null ? null : JsonValue.Create(b.Value));
        return arr;
    });

    public void Final(TxnDriver driver, int process) => Read(driver, process);
}
