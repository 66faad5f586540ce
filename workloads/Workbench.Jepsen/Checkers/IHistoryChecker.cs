using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Checkers;

/// <summary>Checks a whole history (pure; single-threaded).</summary>
public interface IHistoryChecker
{
    string Name { get; }

    CheckerVerdict Check(IReadOnlyList<HistoryEvent> history);
}
