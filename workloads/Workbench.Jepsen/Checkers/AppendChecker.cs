using System.Text.Json.Nodes;
using Workbench.Jepsen.History;
using Workbench.Linearizability.ListAppend;

namespace Workbench.Jepsen.Checkers;

/// <summary>
/// Elle's list-append check (<see cref="ListAppendChecker"/>) on <c>txn</c> operations whose value
/// is a list of micro-ops <c>["append", key, value]</c> / <c>["r", key, [values…]]</c> (reads are
/// null in the invocation). Ok = committed, fail = aborted, info = unknown. The model is snapshot
/// isolation, what the stack promises: G0, G1a, G1b, G1c, G-single and an incompatible version
/// order are invalid; G2 (write skew) is allowed and counted. The counterexample is the anomaly
/// with the fewest transactions, with their micro-ops.
/// </summary>
public sealed class AppendChecker : IHistoryChecker
{
    /// <inheritdoc/>
    public string Name => "append";

    /// <inheritdoc/>
    public CheckerVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var txns = new List<AppendTxn>();
        var values = new Dictionary<int, JsonNode?>();
        foreach (var op in OperationPairs.Pair(history))
        {
            if (op.F != "txn") continue;
            var outcome = op.Outcome switch
            {
                HistoryEventType.Ok => TxnOutcome.Committed,
                HistoryEventType.Fail => TxnOutcome.Aborted,
                _ => TxnOutcome.Unknown,
            };
            var source = op.Outcome == HistoryEventType.Ok ? op.Value : op.InvokeValue;
            txns.Add(new AppendTxn(op.InvokeIndex, outcome, Parse(source)));
            values[op.InvokeIndex] = source;
        }
        var counts = new Dictionary<string, long> { ["txns"] = txns.Count };
        foreach (var t in txns) counts[t.Outcome.ToString().ToLowerInvariant()] = counts.GetValueOrDefault(t.Outcome.ToString().ToLowerInvariant()) + 1;
        if (txns.Count == 0) return new CheckerVerdict(Name, VerdictKind.Unknown, "no transactions", 0, counts);
        var result = ListAppendChecker.Check(txns);
        Anomaly? worst = null;
        foreach (var a in result.Anomalies)
        {
            var key = a.Kind.ToString();
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (a.Kind == AnomalyKind.G2) continue;
            if (worst is null || a.Txns.Count < worst.Txns.Count) worst = a;
        }
        if (worst is null)
        {
            var g2 = counts.GetValueOrDefault(nameof(AnomalyKind.G2));
            return new CheckerVerdict(Name, VerdictKind.Valid, g2 > 0 ? $"snapshot isolation holds; {g2} G2 cycle(s) (write skew, allowed under SI)" : "no anomalies", txns.Count, counts);
        }
        var members = string.Join("; ", worst.Txns.Distinct().Select(id => $"event {id}: {values.GetValueOrDefault(id)?.ToJsonString()}"));
        return new CheckerVerdict(Name, VerdictKind.Invalid, $"{worst} — {members}", txns.Count, counts);
    }

    internal static List<MicroOp> Parse(JsonNode? value)
    {
        var ops = new List<MicroOp>();
        if (value is null) return ops;
        foreach (var m in value.AsArray())
        {
            var a = m!.AsArray();
            var f = a[0]!.GetValue<string>();
            var key = a[1]!.GetValue<long>();
            if (f == "append") ops.Add(MicroOp.Append(key, a[2]!.GetValue<long>()));
            else if (f == "r")
            {
                if (a[2] is null) ops.Add(new MicroOp(MicroOpKind.Read, key, 0, null));
                else
                {
                    var list = new List<long>();
                    foreach (var x in a[2]!.AsArray()) list.Add(x!.GetValue<long>());
                    ops.Add(MicroOp.Read(key, list));
                }
            }
            else throw new FormatException($"unknown micro-op '{f}' (append, r)");
        }
        return ops;
    }
}
