using Workbench.Harness.Results;

namespace Workbench.Harness.Report;

/// <summary>
/// Merges the results of many run directories (cells run apart with `matrix --cell`, on other machines
/// or by a scheduler) into one <see cref="RunResults"/>, so `workbench report DIR…` draws one report.
/// A cell id present more than once keeps its last ok result (directories in the order given; a failed
/// result only where no ok one exists). Baseline, layer and machine come from the first directory; the
/// machines of the others are listed under "machine.&lt;n&gt;" keys when they differ. Pure function.
/// </summary>
internal static class RunMerge
{
    public static RunResults Merge(IReadOnlyList<(string Directory, RunResults Results)> runs, string runId)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("nothing to merge", nameof(runs));
        var first = runs[0].Results;
        var planned = new List<string>();
        var seenPlanned = new HashSet<string>(StringComparer.Ordinal);
        var cells = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (_, r) in runs)
        {
            foreach (var id in r.PlannedCells)
                if (seenPlanned.Add(id)) planned.Add(id);
            foreach (var c in r.Cells)
            {
                if (!cells.TryGetValue(c.CellId, out var old)) order.Add(c.CellId);
                else if (old.Succeeded && !c.Succeeded) continue;
                cells[c.CellId] = c;
            }
        }
        var machine = new Dictionary<string, string>(first.Machine);
        var matrices = runs.Select(x => x.Results.Matrix).Distinct().ToList();
        machine["merged_from"] = string.Join(", ", runs.Select(x => x.Directory));
        for (var i = 1; i < runs.Count; i++)
        {
            var m = runs[i].Results.Machine;
            var differs = m.Any(kv => kv.Key != "command_line" && (!first.Machine.TryGetValue(kv.Key, out var v) || v != kv.Value));
            if (differs)
                machine[$"machine.{i}"] = string.Join("; ", new[] { "cpu_model", "processors", "memory", "kernel", "commit" }.Where(m.ContainsKey).Select(k => $"{k} {m[k]}")) + $" ({runs[i].Directory})";
        }
        return new RunResults
        {
            RunId = runId,
            Matrix = string.Join(" + ", matrices),
            MatrixFile = first.MatrixFile,
            Baseline = first.Baseline,
            Layer = runs.Select(x => x.Results.Layer).Distinct().Count() == 1 ? first.Layer : "mixed",
            Repeat = runs.Max(x => x.Results.Repeat),
            CreatedUtc = runs.Min(x => x.Results.CreatedUtc),
            Machine = machine,
            PlannedCells = planned,
            Cells = order.Select(id => cells[id]).ToList(),
        };
    }
}
