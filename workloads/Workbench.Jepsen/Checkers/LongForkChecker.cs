using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Checkers;

/// <summary>
/// Jepsen's long-fork check: each key is inserted once (<c>insert</c> {key}) by its own
/// transaction; a <c>read</c> reads a whole group of keys and returns the keys it found present
/// (value {group, present: [...]}). Under snapshot isolation the reads of a group are snapshots of
/// one order, so their present-sets are ordered by inclusion; two reads each seeing a key the
/// other missed are a long fork (forbidden by SI, allowed by parallel SI). The counterexample is
/// that pair of reads.
/// </summary>
public sealed class LongForkChecker : IHistoryChecker
{
    /// <inheritdoc/>
    public string Name => "long-fork";

    /// <inheritdoc/>
    public CheckerVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var byGroup = new Dictionary<long, List<(int Index, HashSet<long> Present)>>();
        var reads = 0;
        var inserts = 0;
        foreach (var op in OperationPairs.Pair(history))
        {
            if (op.F == "insert" && op.Outcome == HistoryEventType.Ok) inserts++;
            if (op.F != "read" || op.Outcome != HistoryEventType.Ok) continue;
            reads++;
            var g = op.Value!["group"]!.GetValue<long>();
            var present = new HashSet<long>();
            foreach (var k in op.Value!["present"]!.AsArray()) present.Add(k!.GetValue<long>());
            if (!byGroup.TryGetValue(g, out var list)) byGroup[g] = list = [];
            list.Add((op.InvokeIndex, present));
        }
        var counts = new Dictionary<string, long> { ["reads"] = reads, ["inserts_ok"] = inserts, ["groups"] = byGroup.Count };
        if (reads == 0) return new CheckerVerdict(Name, VerdictKind.Unknown, "no successful read", 0, counts);
        long forks = 0;
        string? first = null;
        foreach (var (g, list) in byGroup)
        {
            for (var i = 0; i < list.Count; i++)
                for (var j = i + 1; j < list.Count; j++)
                {
                    var a = list[i].Present;
                    var b = list[j].Present;
                    if (a.IsSubsetOf(b) || b.IsSubsetOf(a)) continue;
                    forks++;
                    if (first is null)
                    {
                        var onlyA = a.Except(b).Min();
                        var onlyB = b.Except(a).Min();
                        first = $"group {g}: read at event {list[i].Index} saw key {onlyA} but not {onlyB}; read at event {list[j].Index} saw {onlyB} but not {onlyA}";
                    }
                }
        }
        counts["forks"] = forks;
        return forks == 0
            ? new CheckerVerdict(Name, VerdictKind.Valid, $"{reads} reads over {byGroup.Count} groups, totally ordered", reads, counts)
            : new CheckerVerdict(Name, VerdictKind.Invalid, $"{forks} long fork(s); first: {first}", reads, counts);
    }
}
