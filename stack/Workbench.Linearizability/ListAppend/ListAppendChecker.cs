namespace Workbench.Linearizability.ListAppend;

/// <summary>
/// Elle's list-append checker (Kingsbury &amp; Alvaro, VLDB 2020). Because every append is unique and
/// a read returns the whole list, each read reveals a prefix of its key's version order, so
/// dependencies can be inferred instead of guessed: the longest read gives the order (every other
/// read must be its prefix); consecutive elements give ww edges; a read's last element gives a wr
/// edge from its writer; the element after a read's prefix gives an rw edge to its writer. Cycles
/// in the graph of committed (or observed) transactions are classified from strongest to weakest:
/// ww-only → G0; ww+wr → G1c; exactly one rw → G-single; otherwise G2. G1a and G1b are read
/// directly from the reads. Transactions whose outcome is unknown join the graph only if some read
/// observed their append (then they committed). Pure function; single-threaded.
/// </summary>
public static class ListAppendChecker
{
    /// <summary>Finds every anomaly in <paramref name="history"/> (ids must be unique); pure, never throws on anomalous input.</summary>
    public static ListAppendResult Check(IReadOnlyList<AppendTxn> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var anomalies = new List<Anomaly>();
        var byId = new Dictionary<int, AppendTxn>();
        var writer = new Dictionary<(long Key, long Value), int>();
        foreach (var t in history)
        {
            byId[t.Id] = t;
            foreach (var op in t.Ops)
                if (op.Kind == MicroOpKind.Append) writer[(op.Key, op.Value)] = t.Id;
        }

        // Version order per key from the longest committed read; every other read must be its prefix.
        var order = new Dictionary<long, IReadOnlyList<long>>();
        foreach (var t in history)
        {
            if (t.Outcome == TxnOutcome.Aborted) continue;
            foreach (var op in t.Ops)
            {
                if (op.Kind != MicroOpKind.Read || op.Observed is null) continue;
                if (!order.TryGetValue(op.Key, out var cur) || op.Observed.Count > cur.Count) order[op.Key] = op.Observed;
            }
        }
        foreach (var t in history)
        {
            if (t.Outcome == TxnOutcome.Aborted) continue;
            foreach (var op in t.Ops)
                if (op.Kind == MicroOpKind.Read && op.Observed is not null && !IsPrefix(op.Observed, order[op.Key]))
                    anomalies.Add(new Anomaly(AnomalyKind.IncompatibleOrder, [t.Id],
                        $"key {op.Key}: read [{string.Join(",", op.Observed)}] is not a prefix of [{string.Join(",", order[op.Key])}]"));
        }

        // Which transactions certainly committed: committed ones, and any whose append was observed.
        var committed = new HashSet<int>();
        foreach (var t in history) if (t.Outcome == TxnOutcome.Committed) committed.Add(t.Id);
        foreach (var (key, list) in order)
            foreach (var v in list)
                if (writer.TryGetValue((key, v), out var w) && byId[w].Outcome == TxnOutcome.Unknown) committed.Add(w);

        // G1a and G1b from committed reads.
        foreach (var t in history)
        {
            if (t.Outcome != TxnOutcome.Committed) continue;
            foreach (var op in t.Ops)
            {
                if (op.Kind != MicroOpKind.Read || op.Observed is null) continue;
                foreach (var v in op.Observed)
                    if (writer.TryGetValue((op.Key, v), out var w) && byId[w].Outcome == TxnOutcome.Aborted)
                        anomalies.Add(new Anomaly(AnomalyKind.G1a, [w, t.Id], $"key {op.Key}: read value {v} of aborted txn {w}"));
                if (op.Observed.Count == 0) continue;
                var last = op.Observed[^1];
                if (writer.TryGetValue((op.Key, last), out var lw) && lw != t.Id && LastAppend(byId[lw], op.Key) != last)
                    anomalies.Add(new Anomaly(AnomalyKind.G1b, [lw, t.Id], $"key {op.Key}: read intermediate value {last} of txn {lw}"));
            }
        }

        // Dependency graph.
        var edges = new Dictionary<int, List<(int To, DependencyKind Kind)>>();
        void AddEdge(int from, int to, DependencyKind kind)
        {
            if (from == to || !committed.Contains(from) || !committed.Contains(to)) return;
            if (!edges.TryGetValue(from, out var list)) edges[from] = list = [];
            foreach (var e in list) if (e.To == to && e.Kind == kind) return;
            list.Add((to, kind));
        }
        foreach (var (key, list) in order)
            for (var i = 0; i + 1 < list.Count; i++)
                if (writer.TryGetValue((key, list[i]), out var a) && writer.TryGetValue((key, list[i + 1]), out var b))
                    AddEdge(a, b, DependencyKind.WW);
        foreach (var t in history)
        {
            if (!committed.Contains(t.Id)) continue;
            foreach (var op in t.Ops)
            {
                if (op.Kind != MicroOpKind.Read || op.Observed is null) continue;
                // Ignore this transaction's own appends at the end of what it read.
                var n = op.Observed.Count;
                while (n > 0 && writer.TryGetValue((op.Key, op.Observed[n - 1]), out var self) && self == t.Id) n--;
                if (n > 0 && writer.TryGetValue((op.Key, op.Observed[n - 1]), out var w)) AddEdge(w, t.Id, DependencyKind.WR);
                var full = order[op.Key];
                var next = n;
                while (next < full.Count && writer.TryGetValue((op.Key, full[next]), out var s2) && s2 == t.Id) next++;
                if (next < full.Count && writer.TryGetValue((op.Key, full[next]), out var nw)) AddEdge(t.Id, nw, DependencyKind.RW);
            }
        }

        foreach (var scc in StronglyConnected(committed, edges, _ => true))
        {
            if (scc.Count < 2) continue;
            var members = new HashSet<int>(scc);
            var cycle = FindCycle(members, edges, k => k == DependencyKind.WW);
            if (cycle is not null) { anomalies.Add(new Anomaly(AnomalyKind.G0, cycle, "cycle of ww edges")); continue; }
            cycle = FindCycle(members, edges, k => k != DependencyKind.RW);
            if (cycle is not null) { anomalies.Add(new Anomaly(AnomalyKind.G1c, cycle, "cycle of ww/wr edges")); continue; }
            var single = FindSingleAntiDependencyCycle(members, edges);
            if (single is not null) { anomalies.Add(new Anomaly(AnomalyKind.GSingle, single, "cycle with exactly one rw edge")); continue; }
            anomalies.Add(new Anomaly(AnomalyKind.G2, scc, "cycle with two or more rw edges"));
        }
        return new ListAppendResult(anomalies);
    }

    private static bool IsPrefix(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        if (a.Count > b.Count) return false;
        for (var i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static long? LastAppend(AppendTxn t, long key)
    {
        long? last = null;
        foreach (var op in t.Ops) if (op.Kind == MicroOpKind.Append && op.Key == key) last = op.Value;
        return last;
    }

    /// <summary>Tarjan's SCCs over the nodes, following only edges whose kind passes the filter.</summary>
    private static List<List<int>> StronglyConnected(IEnumerable<int> nodes, Dictionary<int, List<(int To, DependencyKind Kind)>> edges, Func<DependencyKind, bool> use)
    {
        var index = new Dictionary<int, int>();
        var low = new Dictionary<int, int>();
        var onStack = new HashSet<int>();
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var counter = 0;
        foreach (var start in nodes)
        {
            if (index.ContainsKey(start)) continue;
            // Iterative DFS: (node, next edge position).
            var work = new Stack<(int Node, int Edge)>();
            work.Push((start, 0));
            index[start] = low[start] = counter++;
            stack.Push(start);
            onStack.Add(start);
            while (work.Count > 0)
            {
                var (v, ei) = work.Pop();
                var list = edges.TryGetValue(v, out var l) ? l : null;
                var descended = false;
                while (list is not null && ei < list.Count)
                {
                    var (w, kind) = list[ei++];
                    if (!use(kind)) continue;
                    if (!index.ContainsKey(w))
                    {
                        work.Push((v, ei));
                        index[w] = low[w] = counter++;
                        stack.Push(w);
                        onStack.Add(w);
                        work.Push((w, 0));
                        descended = true;
                        break;
                    }
                    if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                }
                if (descended) continue;
                if (low[v] == index[v])
                {
                    var comp = new List<int>();
                    int x;
                    do
                    {
                        x = stack.Pop();
                        onStack.Remove(x);
                        comp.Add(x);
                    } while (x != v);
                    result.Add(comp);
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }
        return result;
    }

    /// <summary>A cycle among <paramref name="members"/> using only edges the filter passes, or null.</summary>
    private static List<int>? FindCycle(HashSet<int> members, Dictionary<int, List<(int To, DependencyKind Kind)>> edges, Func<DependencyKind, bool> use)
    {
        var restricted = RestrictTo(members, edges);
        foreach (var scc in StronglyConnected(members, restricted, use))
        {
            if (scc.Count < 2) continue;
            var inner = new HashSet<int>(scc);
            var start = scc[0];
            foreach (var (to, kind) in restricted.TryGetValue(start, out var l) ? l : [])
            {
                if (!use(kind) || !inner.Contains(to)) continue;
                var path = ShortestPath(to, start, inner, restricted, use);
                if (path is not null) return [start, .. path];
            }
        }
        return null;
    }

    /// <summary>A cycle with exactly one rw edge a→b: b reaches a through ww/wr edges alone.</summary>
    private static List<int>? FindSingleAntiDependencyCycle(HashSet<int> members, Dictionary<int, List<(int To, DependencyKind Kind)>> edges)
    {
        var restricted = RestrictTo(members, edges);
        foreach (var (from, list) in restricted)
            foreach (var (to, kind) in list)
            {
                if (kind != DependencyKind.RW) continue;
                var path = ShortestPath(to, from, members, restricted, k => k != DependencyKind.RW);
                if (path is not null) return [from, .. path];
            }
        return null;
    }

    private static Dictionary<int, List<(int To, DependencyKind Kind)>> RestrictTo(HashSet<int> members, Dictionary<int, List<(int To, DependencyKind Kind)>> edges)
    {
        var r = new Dictionary<int, List<(int, DependencyKind)>>();
        foreach (var m in members)
        {
            if (!edges.TryGetValue(m, out var list)) continue;
            var kept = new List<(int, DependencyKind)>();
            foreach (var e in list) if (members.Contains(e.To)) kept.Add(e);
            r[m] = kept;
        }
        return r;
    }

    /// <summary>BFS path from → to (inclusive of both) within the members, or null.</summary>
    private static List<int>? ShortestPath(int from, int to, HashSet<int> members, Dictionary<int, List<(int To, DependencyKind Kind)>> edges, Func<DependencyKind, bool> use)
    {
        var prev = new Dictionary<int, int> { [from] = from };
        var q = new Queue<int>();
        q.Enqueue(from);
        while (q.Count > 0)
        {
            var v = q.Dequeue();
            if (v == to)
            {
                var path = new List<int>();
                for (var x = to; ; x = prev[x])
                {
                    path.Add(x);
                    if (x == from) break;
                }
                path.Reverse();
                return path;
            }
            if (!edges.TryGetValue(v, out var list)) continue;
            foreach (var (w, kind) in list)
                if (use(kind) && members.Contains(w) && prev.TryAdd(w, v)) q.Enqueue(w);
        }
        return null;
    }
}
