using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Runs;

/// <summary>The outcome of a run: the history, a verdict per checker, what the target did, and the files written.</summary>
public sealed record JepsenResult(JepsenOptions Options, IReadOnlyList<HistoryEvent> History, IReadOnlyList<CheckerVerdict> Verdicts, IReadOnlyList<string> Notes, IReadOnlyList<string> Files)
{
    /// <summary>Every checker said valid.</summary>
    public bool Valid => Verdicts.All(v => v.Verdict == VerdictKind.Valid);
    /// <summary>Some checker found a counterexample (unknown verdicts do not count).</summary>
    public bool AnyInvalid => Verdicts.Any(v => v.Verdict == VerdictKind.Invalid);

    /// <summary>Client operations invoked (not counting the nemesis).</summary>
    public int Operations => History.Count(e => e.Type == HistoryEventType.Invoke && e.Process != HistoryEvent.NemesisProcess);

    /// <summary>The command-line flags that replay this run (workload, nemeses, time, interval, clients, seed, ...).</summary>
    public string Replay => $"--workload {Options.Workload} --nemesis {Options.NemesisList} --time {Options.TimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} --interval {Options.NemesisIntervalMs} --clients {Options.Clients} --engine {Options.Engine.Name} --layer {Options.Layer} --topology {Options.Topology} --seed {Options.Seed}{(Options.PlainReads ? " --plain-reads" : "")}{(Options.UpdateInPlace ? " --update-in-place" : "")}";
}
