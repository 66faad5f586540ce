using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Checkers;

/// <summary>
/// Jepsen's set checker: <c>add</c> {element} operations, then a final <c>read</c> whose value is
/// every element present. Lost = acknowledged adds missing from the final read; unexpected =
/// elements read that were never added; recovered = adds of unknown outcome that are present.
/// Valid iff nothing is lost or unexpected; unknown without a successful final read.
/// </summary>
public sealed class SetChecker : IHistoryChecker
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public CheckerVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var attempted = new HashSet<long>();
        var acked = new SortedSet<long>();
        var unsure = new HashSet<long>();
        HashSet<long>? final = null;
        var finalIndex = -1;
        var ops = 0;
        foreach (var op in OperationPairs.Pair(history))
        {
            if (op.F == "add")
            {
                var e = op.InvokeValue!.GetValue<long>();
                attempted.Add(e);
                ops++;
                if (op.Outcome == HistoryEventType.Ok) acked.Add(e);
                else if (op.Outcome == HistoryEventType.Info) unsure.Add(e);
            }
            else if (op.F == "read" && op.Outcome == HistoryEventType.Ok)
            {
                final = [];
                foreach (var n in op.Value!.AsArray()) final.Add(n!.GetValue<long>());
                finalIndex = op.InvokeIndex;
                ops++;
            }
        }
        var counts = new Dictionary<string, long> { ["attempted"] = attempted.Count, ["acknowledged"] = acked.Count };
        if (final is null) return new CheckerVerdict(Name, VerdictKind.Unknown, "no successful final read", ops, counts);
        var lost = new List<long>();
        foreach (var e in acked) if (!final.Contains(e)) lost.Add(e);
        var unexpected = new List<long>();
        long recovered = 0;
        foreach (var e in final)
        {
            if (!attempted.Contains(e)) unexpected.Add(e);
            else if (unsure.Contains(e)) recovered++;
        }
        unexpected.Sort();
        counts["lost"] = lost.Count;
        counts["unexpected"] = unexpected.Count;
        counts["recovered"] = recovered;
        counts["read"] = final.Count;
        if (lost.Count == 0 && unexpected.Count == 0)
            return new CheckerVerdict(Name, VerdictKind.Valid, $"{acked.Count} acknowledged, all read; {recovered} of {unsure.Count} unknown adds recovered", ops, counts);
        var parts = new List<string>();
        if (lost.Count > 0) parts.Add($"lost {lost.Count}: {Sample(lost)}");
        if (unexpected.Count > 0) parts.Add($"unexpected {unexpected.Count}: {Sample(unexpected)}");
        return new CheckerVerdict(Name, VerdictKind.Invalid, string.Join("; ", parts) + $" (final read: event {finalIndex})", ops, counts);
    }

    private static string Sample(List<long> xs) => string.Join(",", xs.Take(10)) + (xs.Count > 10 ? ",…" : "");
}
