using System.Text.Json.Nodes;

namespace Workbench.Jepsen.History;

/// <summary>
/// One line of a history (History/FORMAT.md): the <see cref="Index"/>-th event, of
/// <see cref="Process"/> (a client; <see cref="NemesisProcess"/> for the nemesis), operation
/// <see cref="F"/> with its <see cref="Value"/>, at <see cref="TimeNs"/> nanoseconds since the run
/// began (virtual time on the simulated topology). Immutable; <see cref="Value"/> is not shared.
/// </summary>
public sealed record HistoryEvent(int Index, HistoryEventType Type, int Process, string F, JsonNode? Value, long TimeNs, string? Error = null)
{
    /// <summary>The process number of nemesis events (clients are 0, 1, ...).</summary>
    public const int NemesisProcess = -1;
}
