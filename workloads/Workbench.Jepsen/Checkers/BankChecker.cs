using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Checkers;

/// <summary>
/// Jepsen's bank checker: every successful <c>read</c> (value: the balances of all accounts, in
/// account order) must show every account, no negative balance, and the constant total. The
/// counterexample is the earliest bad read. Unknown if no read succeeded.
/// </summary>
public sealed class BankChecker(int accounts, long total) : IHistoryChecker
{
    /// <inheritdoc/>
    public string Name => "bank";

    /// <inheritdoc/>
    public CheckerVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var reads = 0;
        var transfers = 0;
        var bad = 0;
        string? first = null;
        foreach (var op in OperationPairs.Pair(history))
        {
            if (op.F == "transfer" && op.Outcome == HistoryEventType.Ok) transfers++;
            if (op.F != "read" || op.Outcome != HistoryEventType.Ok) continue;
            reads++;
            var balances = op.Value!.AsArray();
            string? why = null;
            long sum = 0;
            if (balances.Count != accounts) why = $"{balances.Count} accounts, expected {accounts}";
            for (var i = 0; i < balances.Count && why is null; i++)
            {
                if (balances[i] is null) { why = $"account {i} missing"; break; }
                var b = balances[i]!.GetValue<long>();
                if (b < 0) why = $"account {i} is negative ({b})";
                sum += b;
            }
            if (why is null && sum != total) why = $"total {sum}, expected {total}";
            if (why is null) continue;
            bad++;
            first ??= $"read at event {op.InvokeIndex} (process {op.Process}): {balances.ToJsonString()}: {why}";
        }
        var counts = new Dictionary<string, long> { ["reads"] = reads, ["bad_reads"] = bad, ["transfers_ok"] = transfers };
        if (reads == 0) return new CheckerVerdict(Name, VerdictKind.Unknown, "no successful read", 0, counts);
        return bad == 0
            ? new CheckerVerdict(Name, VerdictKind.Valid, $"{reads} reads all total {total}", reads, counts)
            : new CheckerVerdict(Name, VerdictKind.Invalid, $"{bad} of {reads} reads wrong; first: {first}", reads, counts);
    }
}
