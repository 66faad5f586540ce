namespace Workbench.Jepsen.History;

/// <summary>Pairs each client's invocations with its completions (a process has one operation outstanding at a time, as in Jepsen). Nemesis events are skipped.</summary>
public static class OperationPairs
{
    /// <summary>One operation per client invocation, in invocation order; an operation without a completion (or followed by another invoke of its process) counts as info with an open end.</summary>
    public static List<HistoryOperation> Pair(IReadOnlyList<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var open = new Dictionary<int, HistoryEvent>();
        var result = new List<HistoryOperation>();
        foreach (var e in events)
        {
            if (e.Process == HistoryEvent.NemesisProcess) continue;
            if (e.Type == HistoryEventType.Invoke)
            {
                if (open.Remove(e.Process, out var dangling)) result.Add(Unfinished(dangling));
                open[e.Process] = e;
                continue;
            }
            if (!open.Remove(e.Process, out var inv))
                throw new FormatException($"event {e.Index}: process {e.Process} completes '{e.F}' without an invocation");
            var end = e.Type == HistoryEventType.Info ? long.MaxValue : e.TimeNs;
            result.Add(new HistoryOperation(inv.Index, e.Process, inv.F, e.Type, inv.Value, e.Value, inv.TimeNs, end, e.Error));
        }
        foreach (var inv in open.Values) result.Add(Unfinished(inv));
        result.Sort((a, b) => a.InvokeIndex.CompareTo(b.InvokeIndex));
        return result;
    }

    private static HistoryOperation Unfinished(HistoryEvent inv) =>
        new(inv.Index, inv.Process, inv.F, HistoryEventType.Info, inv.Value, null, inv.TimeNs, long.MaxValue, "no completion recorded");
}
