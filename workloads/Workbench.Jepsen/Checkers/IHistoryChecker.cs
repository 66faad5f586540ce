using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Checkers;

/// <summary>Checks a whole history (pure; single-threaded).</summary>
public interface IHistoryChecker
{
    /// <summary>Name of the checker in verdicts.json and the summary (e.g. "bank", "linearizable").</summary>
    string Name { get; }

    /// <summary>Judges <paramref name="history"/> (events in recorded order); never throws on anomalous histories, reports them.</summary>
    CheckerVerdict Check(IReadOnlyList<HistoryEvent> history);
}
